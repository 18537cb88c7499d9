package io.synthaug.core.ml;

import java.util.List;

/**
 * What happened while a {@link CnnClassifier} trained.
 *
 * @param trainImages images in the training part (the dataset less the validation split)
 * @param validationImages images in the validation split taken from the training data, 0 when
 *     early stopping was off
 * @param epochs one entry per finished epoch, in order
 * @param bestEpoch the epoch (from 1) whose weights were kept: the best validation score, or the
 *     last epoch without validation
 * @param stoppedEarly whether training ended because validation stopped improving
 * @param steps optimizer steps taken
 * @param imagesSeen images passed through training steps
 * @param trainSeconds wall-clock seconds of the training loop (validation passes included)
 * @param device the device trained on, such as {@code cpu()} or {@code gpu(0)}
 */
public record TrainingReport(int trainImages, int validationImages, List<Epoch> epochs, int bestEpoch,
    boolean stoppedEarly, long steps, long imagesSeen, double trainSeconds, String device) {

  /** Copies the epoch list. */
  public TrainingReport {
    epochs = List.copyOf(epochs);
  }

  /**
   * One epoch.
   *
   * @param epoch the epoch number, from 1
   * @param trainLoss mean cross-entropy of the training batches (dropout on, batch statistics)
   * @param trainAccuracy share of training images classified right during the epoch's steps
   * @param validationLoss mean cross-entropy on the validation split, NaN without validation
   * @param validationAccuracy accuracy on the validation split, NaN without validation
   * @param seconds wall-clock seconds of the epoch
   * @param engineArrays native arrays alive on the training manager at the epoch's end; constant
   *     from epoch to epoch when no step leaks
   */
  public record Epoch(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
      double validationAccuracy, double seconds, int engineArrays) {
  }

  /** Images passed through a training step per second of training (validation time included). */
  public double imagesPerSecond() {
    return trainSeconds > 0 ? imagesSeen / trainSeconds : Double.NaN;
  }

  /** The kept epoch's validation accuracy, NaN without validation. */
  public double bestValidationAccuracy() {
    return bestEpoch < 1 ? Double.NaN : epochs.get(bestEpoch - 1).validationAccuracy();
  }
}
