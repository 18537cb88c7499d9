/**
 * A small convolutional image classifier trained with DJL's PyTorch engine, and what Synthaug
 * measures with it.
 *
 * <p>{@link io.synthaug.core.ml.CnnClassifier#train} turns a labeled
 * {@link io.synthaug.api.Dataset} and a {@link io.synthaug.core.ml.ClassifierConfig} into a
 * {@link io.synthaug.core.ml.TrainedClassifier}, stopping early on a validation split drawn from
 * the training data only. The trained classifier predicts, gives class probabilities and
 * penultimate-layer features, saves and loads its weights, and exports itself to ONNX with a
 * {@code logits} and a {@code features} output ({@link io.synthaug.core.ml.ClassifierOnnxContract}),
 * which {@link io.synthaug.core.ml.OrtClassifier} runs with ONNX Runtime.
 * {@link io.synthaug.core.ml.LabelAgreement} measures how often generated images of a class are
 * recognized as that class.
 */
package io.synthaug.core.ml;
