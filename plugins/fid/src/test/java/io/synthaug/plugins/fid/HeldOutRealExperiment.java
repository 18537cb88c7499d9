package io.synthaug.plugins.fid;

import io.synthaug.api.Dataset;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import io.synthaug.core.data.IdxFormat;
import io.synthaug.core.data.Subsets;
import io.synthaug.core.spec.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Not a test (surefire skips *Experiment): real MNIST test digits posing as a synthetic source,
 * so a fair gate must pass them. Shows what the classifier extractor's choice of training images
 * does to the verdict. Run with {@code -Dtest=HeldOutRealExperiment} after fetching MNIST
 * ({@code ./run-example.sh}); prints the gate's lines and gate.json.
 */
class HeldOutRealExperiment {

  @Test
  void unseenRealDigitsAgainstTheGate() throws Exception {
    Path mnist = Path.of(System.getProperty("user.home"), ".cache/synthaug/mnist");
    List<String> digits = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    int perClass = Integer.getInteger("perClass", 250);
    Dataset train = Subsets.perClass(IdxFormat.read(mnist.resolve("train-images-idx3-ubyte.gz"),
        mnist.resolve("train-labels-idx1-ubyte.gz"), digits), perClass, 1);
    Dataset test = Subsets.perClass(IdxFormat.read(mnist.resolve("t10k-images-idx3-ubyte.gz"),
        mnist.resolve("t10k-labels-idx1-ubyte.gz"), digits), perClass, 2);
    List<Sample> unseen = new ArrayList<>();
    for (Sample s : test.samples()) {
      unseen.add(new Sample(s.image(), s.label(), Origin.made("heldout", 0, Map.of())));
    }
    FidGateParams params = Json.mapper().readValue(System.getProperty("gate",
        "{\"maxRatio\": 3, \"action\": \"drop-class\", \"extractorParams\": {\"featureDim\": 32}}"), FidGateParams.class);
    Path dir = Files.createTempDirectory("heldout");
    GateTestContext ctx = new GateTestContext(dir, 1, List.of(new ClassifierExtractorFactory()));
    new FidGateStage(params).apply(train.plus(unseen), ctx);
    ctx.lines.forEach(System.out::println);
    System.out.println(Files.readString(dir.resolve("artifacts/gate/gate.json")));
  }
}
