/**
 * The ordered, fail-closed steps of {@link dev.samlec.mech.service.ResponseValidator}. Internal: not an API, may
 * change without notice.
 */
package dev.samlec.mech.internal.validation;
