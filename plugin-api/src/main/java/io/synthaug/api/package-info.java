/**
 * The Synthaug plugin API: everything a third-party plugin compiles against.
 *
 * <p>A plugin contributes one or more {@link io.synthaug.api.StageFactory} extensions. The
 * engine reads a JSON pipeline spec, finds each stage's factory by its {@code type}, binds the
 * stage's {@code params} object to the factory's parameter record, and asks the factory for a
 * {@link io.synthaug.api.Stage}. Stages exchange {@link io.synthaug.api.Dataset}s of
 * {@link io.synthaug.api.Sample}s; pixels travel in {@link io.synthaug.api.Image}, a plain
 * record with a primitive array, so the API carries no imaging or tensor library.
 *
 * <p>Randomness is explicit: a stage receives seeds derived from the run seed and its position
 * (see {@link io.synthaug.api.Seeds}) and never reads a global random generator, so the same
 * spec and seed give byte-identical output.
 */
package io.synthaug.api;
