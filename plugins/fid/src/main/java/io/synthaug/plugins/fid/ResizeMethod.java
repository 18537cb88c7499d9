package io.synthaug.plugins.fid;

/** How the onnx extractor brings images to the model's input size. */
public enum ResizeMethod {
  /** Bilinear interpolation with pixel centres at half-integers (OpenCV's INTER_LINEAR, PyTorch's align_corners=False). */
  BILINEAR,
  /** No resizing: images must already have the model's size. */
  NONE
}
