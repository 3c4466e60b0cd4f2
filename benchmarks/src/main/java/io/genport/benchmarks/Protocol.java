package io.genport.benchmarks;

/** The vendor protocol a measured call speaks against the loopback vendor. */
enum Protocol {
  /** fal's {@code fal.run}: one POST answers with the image URL, then one GET for the image. */
  SYNC("sync"),
  /** fal's queue: submit, status until COMPLETED, result, then the image. */
  QUEUE("queue"),
  /** fal's {@code fal.run} answering with a {@code data:} URI. */
  DATA_URI("data-uri"),
  /** Bedrock's InvokeModel answering with bare base64 in JSON. */
  BEDROCK("bedrock-base64");

  final String label;

  Protocol(String label) {
    this.label = label;
  }
}
