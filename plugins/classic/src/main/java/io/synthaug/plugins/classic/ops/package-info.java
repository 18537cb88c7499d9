/**
 * Pure pixel operations of the classic plugin.
 *
 * <p>Every operation is a static function that takes an {@link io.synthaug.api.Image} and
 * explicit parameters and returns a new image; none reads a random generator, so each is fully
 * determined by its arguments and can be tested on hand-made images. Drawing the parameters
 * at random lives in {@code io.synthaug.plugins.classic.transforms}.
 *
 * <p>Conventions shared by all operations:
 * <ul>
 *   <li>Coordinates address pixel centres: pixel {@code (x, y)} sits at {@code (x, y)}, the
 *       image centre at {@code ((width - 1) / 2, (height - 1) / 2)}; {@code x} grows to the
 *       right and {@code y} downwards.</li>
 *   <li>Geometric operations that can reach outside the image (rotation, translation) treat
 *       everything outside as 0 (black) and interpolate bilinearly.</li>
 *   <li>Results stay in {@code [0, 1]}: operations that can leave the range clamp.</li>
 *   <li>All channels of a pixel get the same geometry, so grayscale and RGB are handled alike.</li>
 * </ul>
 */
package io.synthaug.plugins.classic.ops;
