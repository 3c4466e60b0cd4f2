/**
 * Fixtures for {@code ArchitectureRulesBiteTest}. Each sub-package is a fixture root whose
 * sub-packages mirror GenPort's real shape ({@code <root>.core.domain}, {@code <root>.spi}, {@code
 * <root>.provider.<vendor>}, ...). Classes marked {@code // Invalid} break exactly the rule their
 * root is named after; classes marked {@code // Valid} must not be reported by it. The root {@code
 * compliant} passes every rule. None of this is production code: {@code ArchitectureTest} excludes
 * the whole package.
 */
package io.genport.archfixtures;
