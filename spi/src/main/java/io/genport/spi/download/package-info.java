/**
 * Fetching result images safely: {@link io.genport.spi.download.ResultDownloader} sends no
 * credentials, allows https only by default, refuses private, loopback and link-local addresses
 * after DNS resolution (unless explicitly allowed, as for the local simulators), follows a bounded
 * number of redirects re-checking each hop, caps the size and checks the media type from the bytes.
 * Data URIs are decoded as a stream.
 */
package io.genport.spi.download;
