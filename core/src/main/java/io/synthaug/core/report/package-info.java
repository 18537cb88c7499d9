/** Pictures for people: image grids and line charts written as PNG files. */
package io.synthaug.core.report;
