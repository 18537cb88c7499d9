package io.synthaug.plugins.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Moves per-step Java arrays (batches, noise, labels) into the engine through one reused direct
 * buffer.
 *
 * <p>{@code NDManager.create(float[])} on DJL's PyTorch engine copies into a fresh direct
 * {@link ByteBuffer} that the tensor then aliases; that memory returns only when the garbage
 * collector happens to free the buffer object, so a training loop that allocates little on the
 * Java heap grows its resident memory by every batch it uploads (measured: about 200 kB a step
 * on a small network, hundreds of MB over a run). Here the values go into one buffer owned by
 * the trainer, and the tensor made from it is cloned at once into memory the engine owns and
 * frees when the step's manager closes.
 */
final class HostUpload {

  private ByteBuffer buffer = ByteBuffer.allocateDirect(0);

  /** A tensor of {@code shape} holding {@code values}, owned by {@code manager}. */
  NDArray floats(NDManager manager, float[] values, Shape shape) {
    int bytes = values.length * Float.BYTES;
    if (buffer.capacity() < bytes) {
      buffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }
    buffer.clear();
    buffer.asFloatBuffer().put(values);
    buffer.limit(bytes);
    ByteBuffer view = buffer.slice().order(ByteOrder.nativeOrder());
    try (NDArray alias = manager.create(view, shape, DataType.FLOAT32)) {
      return alias.duplicate();
    }
  }
}
