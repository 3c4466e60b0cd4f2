/**
 * The HTTP transport port: asynchronous, streamed, and free of any HTTP library's types. The host
 * supplies an adapter (e.g. {@code transport-httpclient5}); tests may supply a fake.
 */
package io.genport.spi.http;
