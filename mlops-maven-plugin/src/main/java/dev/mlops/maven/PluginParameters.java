package dev.mlops.maven;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Every goal's parameters as the plugin descriptor declares them: POM element, property, default,
 * type. The one place where a setting key becomes {@code <key>} and {@code -Dmlops....}: read from
 * the descriptor that maven-plugin-plugin writes from the {@code @Parameter} annotations (which are
 * not kept at run time), so messages and the README name exactly the property Maven reads.
 */
final class PluginParameters {
  /**
   * The help descriptor in the plugin jar; unlike {@code META-INF/maven/plugin.xml} its path is
   * ours alone.
   */
  static final String DESCRIPTOR = "META-INF/maven/dev.mlops/mlops-maven-plugin/plugin-help.xml";

  /**
   * One parameter of one goal.
   *
   * @param goal the goal, e.g. {@code drift-check}
   * @param name the POM element and setting key, e.g. {@code maxAccuracyDrop}
   * @param type the Java type, e.g. {@code double} or {@code java.lang.Boolean}
   * @param property the user property, e.g. {@code mlops.drift-check.maxAccuracyDrop}, or null
   * @param defaultValue the default as written in the annotation, or null
   * @param required whether Maven requires a value
   * @param description the Javadoc, as text
   */
  record Parameter(
      String goal,
      String name,
      String type,
      String property,
      String defaultValue,
      boolean required,
      String description) {
    /** Whether the parameter is a {@code boolean} or {@code Boolean}. */
    boolean isBoolean() {
      return type.equals("boolean") || type.equals("java.lang.Boolean");
    }
  }

  private final Map<String, Map<String, Parameter>> byGoal;

  private PluginParameters(Map<String, Map<String, Parameter>> byGoal) {
    this.byGoal = byGoal;
  }

  /** The parameters of this plugin, read once. */
  static PluginParameters get() {
    return Holder.INSTANCE;
  }

  /**
   * The parameter {@code name} of {@code goal}, if the goal has one; else its family parameter of
   * that key ({@code output} is {@code <featuresOutput>}, {@code -Dmlops.features.output}, in
   * {@code features-export}).
   */
  Optional<Parameter> find(String goal, String name) {
    Map<String, Parameter> params = byGoal.getOrDefault(goal, Map.of());
    Parameter exact = params.get(name);
    if (exact != null || name.isEmpty()) {
      return Optional.ofNullable(exact);
    }
    String member = Character.toUpperCase(name.charAt(0)) + name.substring(1);
    return params.values().stream()
        .filter(p -> p.property() != null && p.property().endsWith("." + name))
        .filter(p -> p.name().endsWith(member))
        .findFirst();
  }

  /**
   * {@code -D} and the property of {@code goal}'s parameter {@code name}, e.g. {@code
   * -Dmlops.drift-check.pValue}; {@code name} itself when the goal has no property of that name.
   */
  String flag(String goal, String name) {
    return find(goal, name)
        .filter(p -> p.property() != null)
        .map(p -> "-D" + p.property())
        .orElse(name);
  }

  /** {@link #flag} set to {@code value}, e.g. {@code -Dmlops.version=vN}. */
  String cli(String goal, String name, String value) {
    return flag(goal, name) + "=" + value;
  }

  /** Every parameter of every goal, by goal in descriptor order. */
  List<Parameter> all() {
    List<Parameter> all = new ArrayList<>();
    byGoal.values().forEach(m -> all.addAll(m.values()));
    return all;
  }

  // Initialised on first use, then immutable.
  private static final class Holder {
    static final PluginParameters INSTANCE = read();
  }

  /**
   * Reads the descriptor from the plugin jar. Without one (never in a packaged plugin) there are no
   * parameters, so messages lose their hints rather than the error they explain.
   */
  private static PluginParameters read() {
    try (InputStream in = PluginParameters.class.getClassLoader().getResourceAsStream(DESCRIPTOR)) {
      return in == null ? new PluginParameters(Map.of()) : parse(in);
    } catch (IOException e) {
      return new PluginParameters(Map.of());
    }
  }

  /** Parses a plugin descriptor (the format of {@code plugin.xml} and {@code plugin-help.xml}). */
  static PluginParameters parse(InputStream in) throws IOException {
    Document doc;
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      doc = factory.newDocumentBuilder().parse(in);
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException("not a plugin descriptor: " + e.getMessage(), e);
    }
    Map<String, Map<String, Parameter>> byGoal = new LinkedHashMap<>();
    for (Element mojo : children(doc.getDocumentElement(), "mojos", "mojo")) {
      String goal = text(mojo, "goal");
      Map<String, Parameter> params = new LinkedHashMap<>();
      Element configuration = child(mojo, "configuration");
      for (Element p : children(mojo, "parameters", "parameter")) {
        String name = text(p, "name");
        Element value = configuration == null ? null : child(configuration, name);
        String expression = value == null ? "" : value.getTextContent().trim();
        String property =
            expression.startsWith("${") && expression.endsWith("}")
                ? expression.substring(2, expression.length() - 1)
                : null;
        String defaultValue =
            value == null || !value.hasAttribute("default-value")
                ? null
                : value.getAttribute("default-value");
        params.put(
            name,
            new Parameter(
                goal,
                name,
                text(p, "type"),
                property,
                defaultValue,
                Boolean.parseBoolean(text(p, "required")),
                text(p, "description")));
      }
      byGoal.put(goal, Collections.unmodifiableMap(params));
    }
    return new PluginParameters(Collections.unmodifiableMap(byGoal));
  }

  private static List<Element> children(Element parent, String list, String item) {
    Element container = child(parent, list);
    List<Element> out = new ArrayList<>();
    if (container != null) {
      NodeList nodes = container.getChildNodes();
      for (int i = 0; i < nodes.getLength(); i++) {
        if (nodes.item(i) instanceof Element e && e.getTagName().equals(item)) {
          out.add(e);
        }
      }
    }
    return out;
  }

  private static Element child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e;
      }
    }
    return null;
  }

  private static String text(Element parent, String name) {
    Element e = child(parent, name);
    return e == null ? "" : e.getTextContent().trim();
  }
}
