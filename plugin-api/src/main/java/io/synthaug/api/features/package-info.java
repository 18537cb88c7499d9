/**
 * The extension point for image feature extractors, the networks whose features FID and KID
 * compare. A quality gate looks extractors up by {@link io.synthaug.api.features.FeatureExtractorFactory#name()},
 * so a plugin jar can add one (an Inception network, a domain-specific encoder) with no rebuild.
 *
 * <p>An extractor states its {@link io.synthaug.api.features.ExtractorProtocol}: its name, the
 * SHA-256 of its weights, the input size it was fed and how images were resized to it. Scores are
 * stored with that protocol, because two scores are comparable only when they were measured the
 * same way.
 */
package io.synthaug.api.features;
