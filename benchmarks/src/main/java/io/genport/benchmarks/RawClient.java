package io.genport.benchmarks;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.io.CloseMode;

/**
 * The floor: what a developer would write by hand with HttpClient 5's async client for the same
 * calls, with none of GenPort's planning, checks, classification or routing: the same pool size,
 * the same request bodies, Jackson for the JSON, the whole body in memory.
 */
final class RawClient implements ImageClient {
  private final CloseableHttpAsyncClient client;
  private final ObjectMapper json = new ObjectMapper();
  private final LoopbackVendor vendor;
  private final Protocol protocol;
  private final String body;

  RawClient(LoopbackVendor vendor, Protocol protocol, String body) {
    this.vendor = vendor;
    this.protocol = protocol;
    this.body = body;
    // A data URI or base64 answer of a large image exceeds Jackson's default string limit.
    json.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build());
    client =
        HttpAsyncClients.custom()
            .setConnectionManager(
                PoolingAsyncClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(GenportClient.CONNECTIONS)
                    .setMaxConnPerRoute(GenportClient.CONNECTIONS)
                    .build())
            .disableAutomaticRetries()
            .disableCookieManagement()
            .build();
    client.start();
  }

  @Override
  public String name() {
    return "raw";
  }

  @Override
  public long generate(OutputStream out) throws IOException {
    byte[] image;
    switch (protocol) {
      case SYNC -> image = get(imageUrl(post(vendor.runBase() + "/" + GenportClient.FAL_MODEL)));
      case DATA_URI -> {
        String uri = imageUrl(post(vendor.runBase() + "/" + GenportClient.FAL_MODEL));
        image = Base64.getDecoder().decode(uri.substring(uri.indexOf(',') + 1));
      }
      case BEDROCK ->
          image =
              post(vendor.bedrockBase() + "/model/" + GenportClient.BEDROCK_MODEL + "/invoke")
                  .path("images")
                  .get(0)
                  .binaryValue();
      case QUEUE -> {
        JsonNode submitted = post(vendor.queueBase() + "/" + GenportClient.FAL_MODEL);
        String status;
        do {
          status =
              json.readTree(get(submitted.path("status_url").asText())).path("status").asText();
        } while (!status.equals("COMPLETED"));
        image = get(imageUrl(json.readTree(get(submitted.path("response_url").asText()))));
      }
      default -> throw new IllegalStateException(protocol.toString());
    }
    out.write(image);
    return image.length;
  }

  private static String imageUrl(JsonNode answer) {
    return answer.path("images").get(0).path("url").asText();
  }

  private JsonNode post(String url) throws IOException {
    SimpleHttpRequest request =
        SimpleRequestBuilder.post(URI.create(url))
            .setHeader("Authorization", "Key " + GenportClient.FAL_KEY)
            .setBody(body, ContentType.APPLICATION_JSON)
            .build();
    return json.readTree(execute(request));
  }

  private byte[] get(String url) throws IOException {
    return execute(SimpleRequestBuilder.get(URI.create(url)).build());
  }

  private byte[] execute(SimpleHttpRequest request) throws IOException {
    SimpleHttpResponse response;
    try {
      response = client.execute(request, null).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } catch (ExecutionException e) {
      throw new IOException(e.getCause());
    }
    if (response.getCode() != 200) {
      throw new IOException(request.getRequestUri() + " answered " + response.getCode());
    }
    return response.getBodyBytes();
  }

  @Override
  public void close() {
    client.close(CloseMode.GRACEFUL);
  }
}
