/**
 * Replicate ({@code replicate}) and self-hosted Cog servers ({@code cog}), which speak the same
 * prediction API.
 */
package io.genport.provider.replicate;
