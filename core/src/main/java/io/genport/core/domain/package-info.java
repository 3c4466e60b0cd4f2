/**
 * The canonical, vendor-neutral domain: {@link io.genport.core.domain.GenerationRequest}, its value
 * types, the result model and the failure taxonomy. Depends on the JDK only.
 */
package io.genport.core.domain;
