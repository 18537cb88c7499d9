package io.synthaug.plugins.classic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.synthaug.api.Param;
import io.synthaug.api.ParamException;
import io.synthaug.plugins.classic.transforms.BrightnessContrastParams;
import io.synthaug.plugins.classic.transforms.CutoutParams;
import io.synthaug.plugins.classic.transforms.HFlipParams;
import io.synthaug.plugins.classic.transforms.NoiseParams;
import io.synthaug.plugins.classic.transforms.ResizedCropParams;
import io.synthaug.plugins.classic.transforms.RotateParams;
import io.synthaug.plugins.classic.transforms.TranslateParams;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The parameter records bind from JSON with a plain record binder configured as the engine
 * configures its own (unknown fields fail, enums ignore case), with no annotations of Jackson's.
 */
class ClassicParamsJsonTest {

  private final ObjectMapper json = JsonMapper.builder()
      .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private ClassicParams bind(String text) throws Exception {
    return json.readValue(text, ClassicParams.class);
  }

  @Test
  void bindsEveryOpKindByItsWrapperKey() throws Exception {
    ClassicParams p = bind("""
        {"copies": 2, "applyTo": "synthetic", "ops": [
          {"hflip": {"p": 0.5}}, {"vflip": {}}, {"rotate": {"degrees": 15, "p": 1.0}},
          {"translate": {"maxFraction": 0.1}}, {"resizedCrop": {"scaleMin": 0.8, "scaleMax": 1.0}},
          {"noise": {"std": 0.05}}, {"brightnessContrast": {"brightness": 0.2, "contrast": 0.2}},
          {"cutout": {"size": 0.25, "count": 1}}]}
        """);
    assertEquals(2, p.copies());
    assertEquals(ApplyTo.SYNTHETIC, p.applyTo());
    assertEquals(OpSpec.KINDS, p.ops().stream().map(o -> OpSpec.kind(o.op())).toList());
    assertEquals(new HFlipParams(0.5), p.ops().get(0).hflip());
    assertEquals(new RotateParams(1.0, 15.0), p.ops().get(2).rotate());
    assertEquals(new TranslateParams(null, 0.1, null), p.ops().get(3).translate());
    assertEquals(new ResizedCropParams(null, 0.8, 1.0, null, null), p.ops().get(4).resizedCrop());
    assertEquals(new NoiseParams(null, 0.05), p.ops().get(5).noise());
    assertEquals(new BrightnessContrastParams(null, 0.2, 0.2), p.ops().get(6).brightnessContrast());
    assertEquals(new CutoutParams(null, 0.25, 1), p.ops().get(7).cutout());
  }

  @Test
  void unknownOpNameAloneIsAnUnknownPropertyAtItsPathListingTheOpNames() {
    // The binder builds the record before it reports unknown keys; OpSpec accepts an element
    // without an op, so the key itself is reported, where the engine names it and lists the ops.
    UnrecognizedPropertyException e = assertThrows(UnrecognizedPropertyException.class,
        () -> bind("{\"copies\": 2, \"ops\": [{\"hflip\": {}}, {\"rotat\": {\"degrees\": 5}}]}"));
    assertEquals("rotat", e.getPropertyName());
    assertEquals("ops[1].rotat", path(e));
    assertEquals(OpSpec.KINDS.size(), e.getKnownPropertyIds().size(), e.getMessage());
    assertTrue(e.getKnownPropertyIds().containsAll(OpSpec.KINDS), e.getMessage());
  }

  @Test
  void anElementWithoutAnyKeyIsRefusedNamingItsIndex() {
    ValueInstantiationException e = assertThrows(ValueInstantiationException.class,
        () -> bind("{\"ops\": [{\"hflip\": {}}, {}]}"));
    ParamException cause = assertInstanceOf(ParamException.class, e.getCause());
    // ClassicParams refuses it: the binder's path is the params object, the field completes it.
    assertEquals("", path(e));
    assertEquals("ops", cause.field());
    assertEquals("element 1 names no op; each op is an object with one key, one of " + OpSpec.KINDS
        + ", with the op's parameters as its value (for example {\"rotate\": {\"degrees\": 15}})", cause.problem());
  }

  @Test
  void unknownOpNameBesideAKnownOneIsAnUnknownProperty() {
    UnrecognizedPropertyException e = assertThrows(UnrecognizedPropertyException.class,
        () -> bind("{\"ops\": [{\"blur\": {}, \"hflip\": {}}]}"));
    assertEquals("blur", e.getPropertyName());
    assertTrue(e.getKnownPropertyIds().containsAll(OpSpec.KINDS), e.getMessage());
  }

  @Test
  void unknownOpParameterIsAnUnknownProperty() {
    UnrecognizedPropertyException e = assertThrows(UnrecognizedPropertyException.class,
        () -> bind("{\"ops\": [{\"rotate\": {\"degree\": 5}}]}"));
    assertEquals("degree", e.getPropertyName());
  }

  @Test
  void twoOpsInOneElementFailAtTheSecondOpsKey() {
    ValueInstantiationException e = assertThrows(ValueInstantiationException.class,
        () -> bind("{\"ops\": [{\"rotate\": {}}, {\"hflip\": {}, \"vflip\": {}}]}"));
    ParamException cause = assertInstanceOf(ParamException.class, e.getCause());
    // The engine reports binder path + field: ops[1].vflip, not ops[1].ops.
    assertEquals("ops[1]", path(e));
    assertEquals("vflip", cause.field());
    assertTrue(cause.problem().endsWith("got 2 ops [hflip, vflip]; put each in an element of its own"),
        cause.getMessage());
  }

  @Test
  void badValuesFailWithTheRecordsMessage() {
    ValueInstantiationException e = assertThrows(ValueInstantiationException.class,
        () -> bind("{\"ops\": [{\"rotate\": {\"degrees\": 400}}]}"));
    assertEquals("degrees: must be between 0.0 and 180.0, got 400.0", e.getCause().getMessage());
    // The binder's path leads to the op, the exception's field completes it: ops[0].rotate.degrees.
    assertEquals("ops[0].rotate", path(e));
    assertEquals("degrees", ((ParamException) e.getCause()).field());
    ValueInstantiationException copies = assertThrows(ValueInstantiationException.class,
        () -> bind("{\"copies\": 0, \"ops\": [{\"hflip\": {}}]}"));
    assertEquals("copies", ((ParamException) copies.getCause()).field());
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
      } else {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  @Test
  void survivesARoundTripThroughJson() throws Exception {
    ClassicParams p = bind("""
        {"classes": ["cat"], "keepOriginal": false, "ops": [{"rotate": {"degrees": 5}}, {"cutout": {}}]}
        """);
    assertEquals(p, bind(json.writeValueAsString(p)));
  }

  /** Each documented default is what the compact constructor fills in, read as JSON. */
  @Test
  void documentedDefaultsMatchTheConstructors() throws Exception {
    List<String> checked = new ArrayList<>();
    checkDefaults(bind("{\"ops\": [{\"hflip\": {}}]}"), checked);
    for (RecordComponent op : OpSpec.class.getRecordComponents()) {
      checkDefaults((Record) json.readValue("{}", op.getType()), checked);
    }
    assertEquals(5 + 1 + 1 + 2 + 3 + 5 + 2 + 3 + 3, checked.size(), checked.toString());
  }

  private void checkDefaults(Record bound, List<String> checked) throws Exception {
    for (RecordComponent c : bound.getClass().getRecordComponents()) {
      String where = bound.getClass().getSimpleName() + "." + c.getName();
      Param param = c.getAnnotation(Param.class);
      assertNotNull(param, where + " lacks @Param");
      assertFalse(param.value().isBlank(), where + " has no documentation");
      if (param.required()) {
        assertEquals("", param.defaultValue(), where + " is required but documents a default");
      } else {
        assertFalse(param.defaultValue().isEmpty(), where + " documents no default");
        Object documented = json.readValue(param.defaultValue(), json.constructType(c.getGenericType()));
        assertEquals(documented, c.getAccessor().invoke(bound), where);
      }
      checked.add(where);
    }
  }
}
