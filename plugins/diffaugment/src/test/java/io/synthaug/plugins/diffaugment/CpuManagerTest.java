package io.synthaug.plugins.diffaugment;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of the test classes that share one CPU manager, opened before and closed after the class. */
abstract class CpuManagerTest {

  static NDManager manager;

  @BeforeAll
  static void openManager() {
    manager = Nd.cpuManager();
  }

  @AfterAll
  static void closeManager() {
    manager.close();
  }
}
