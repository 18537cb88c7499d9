package io.synthaug.core.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synthaug.api.Device;
import io.synthaug.core.spec.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the stages of one run recorded about how they ran ({@link io.synthaug.api.StageContext#usedDevice},
 * {@link io.synthaug.api.StageContext#record}), for {@code run.json}: by stage id in the order the
 * stages first recorded something, then by name in the order recorded.
 */
final class StageFacts {

  private final Map<String, Map<String, Device>> devices = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> facts = new LinkedHashMap<>();

  synchronized void device(String stageId, String part, Device used) {
    devices.computeIfAbsent(stageId, k -> new LinkedHashMap<>()).put(part, used);
  }

  synchronized void fact(String stageId, String name, String value) {
    facts.computeIfAbsent(stageId, k -> new LinkedHashMap<>()).put(name, value);
  }

  /**
   * The device the run used: {@link Device#GPU} when any stage recorded a part run on one, else
   * {@link Device#CPU} (the per-image stages run in Java, on the CPU).
   */
  synchronized Device used() {
    return devices.values().stream().anyMatch(m -> m.containsValue(Device.GPU)) ? Device.GPU : Device.CPU;
  }

  /** {@code stages.<id>.devices.<part>} and {@code stages.<id>.<name>} into {@code root}. */
  synchronized void writeTo(ObjectNode stages) {
    devices.forEach((id, parts) -> {
      ObjectNode d = stage(stages, id).putObject("devices");
      parts.forEach((part, used) -> d.put(part, Json.enumName(used)));
    });
    facts.forEach((id, named) -> named.forEach(stage(stages, id)::put));
  }

  private static ObjectNode stage(ObjectNode stages, String id) {
    return stages.has(id) ? (ObjectNode) stages.get(id) : stages.putObject(id);
  }
}
