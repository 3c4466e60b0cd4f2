package io.genport.toolkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One page of a search for the job an ambiguous submit may have created (see {@link
 * JobProtocol#findSubmitted}): the vendor's jobs on the page that match the call, and the request
 * of the next page when the search should go on.
 *
 * @param matches the jobs on this page created for the call, each as the vendor describes a job in
 *     its answer to a submit (what {@link JobProtocol#accepted} reads)
 * @param next the next page's request, or {@code null} when the search ends here (no more pages, or
 *     this page already reached jobs created before the submit was sent)
 */
public record SubmittedPage(List<JsonNode> matches, VendorCall next) {
  public SubmittedPage {
    matches = List.copyOf(matches);
  }
}
