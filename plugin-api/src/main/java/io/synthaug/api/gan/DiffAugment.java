package io.synthaug.api.gan;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * Turns a policy string such as {@code "color,translation,cutout"} into policies and applies
 * them in that order. A GAN stage passes what {@code context.extensions().all(DiffAugmentPolicy.class)}
 * found, so a policy from any plugin can be named.
 *
 * <p>It lives in the plugin API, not in the DiffAugment plugin, because a GAN plugin cannot see
 * another plugin's classes; it depends only on {@link DiffAugmentPolicy} and DJL's
 * {@code NDArray}.
 */
public final class DiffAugment {

  private DiffAugment() {
  }

  /**
   * The policies named in {@code policies}, comma separated, in order; names are trimmed and may
   * repeat (the policy then runs twice). An empty or blank string gives an empty list: no
   * augmentation.
   *
   * @throws IllegalArgumentException for an empty name, a name no policy has (the message lists
   *     the known names), or a name that two of {@code available} share
   */
  public static List<DiffAugmentPolicy> parse(String policies, Collection<? extends DiffAugmentPolicy> available) {
    Objects.requireNonNull(policies, "policies");
    List<DiffAugmentPolicy> chosen = new ArrayList<>();
    if (policies.isBlank()) {
      return chosen;
    }
    for (String raw : policies.split(",", -1)) {
      String name = raw.trim();
      if (name.isEmpty()) {
        throw new IllegalArgumentException("DiffAugment policy string '" + policies
            + "' has an empty name; write names separated by single commas, e.g. 'color,translation,cutout'");
      }
      chosen.add(find(name, policies, available));
    }
    return List.copyOf(chosen);
  }

  /**
   * Runs {@code policies} in order on {@code images}, all with the same {@code enabled} flags
   * and drawing from the same {@code random} stream, one policy after the other.
   */
  public static NDArray apply(NDArray images, List<? extends DiffAugmentPolicy> policies, boolean[] enabled,
      RandomGenerator random) {
    NDArray x = images;
    for (DiffAugmentPolicy policy : policies) {
      x = policy.apply(x, enabled, random);
    }
    return x;
  }

  private static DiffAugmentPolicy find(String name, String policies,
      Collection<? extends DiffAugmentPolicy> available) {
    DiffAugmentPolicy found = null;
    for (DiffAugmentPolicy p : available) {
      if (p.name().equals(name)) {
        if (found != null) {
          throw new IllegalArgumentException("DiffAugment policy '" + name + "' is defined twice, by "
              + found.getClass().getName() + " and " + p.getClass().getName()
              + "; remove one of the plugins");
        }
        found = p;
      }
    }
    if (found == null) {
      TreeSet<String> known = new TreeSet<>();
      available.forEach(p -> known.add(p.name()));
      throw new IllegalArgumentException("Unknown DiffAugment policy '" + name + "' in '" + policies
          + "'; known policies: " + String.join(", ", known));
    }
    return found;
  }
}
