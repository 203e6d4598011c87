package com.aftersales.deployments;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * An element of a deployed BPMN or DMN file with the line it starts on, read without DTDs or external
 * entities (the file comes from outside).
 */
final class XmlElement {

    /** An attribute; {@code namespace} is empty for the plain attributes (id, name, …). */
    record Attribute(String namespace, String name, String value) {}

    final String namespace;
    final String name;
    final XmlElement parent;
    final int line;
    final int column;
    final List<Attribute> attributes = new ArrayList<>();
    final List<XmlElement> children = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();

    private XmlElement(String namespace, String name, XmlElement parent, int line, int column) {
        this.namespace = namespace == null ? "" : namespace;
        this.name = name;
        this.parent = parent;
        this.line = line;
        this.column = column;
    }

    /** The element's own text (not its children's), trimmed. */
    String text() {
        return text.toString().trim();
    }

    /** A plain attribute, or {@code null}. */
    String attribute(String attributeName) {
        for (Attribute attribute : attributes) {
            if (attribute.namespace().isEmpty() && attribute.name().equals(attributeName)) return attribute.value();
        }
        return null;
    }

    /** The first child of that name (any namespace), or {@code null}. */
    XmlElement child(String childName) {
        for (XmlElement child : children) {
            if (child.name.equals(childName)) return child;
        }
        return null;
    }

    /** This element and all below it, in document order. */
    List<XmlElement> all() {
        List<XmlElement> all = new ArrayList<>();
        collect(all);
        return all;
    }

    private void collect(List<XmlElement> into) {
        into.add(this);
        children.forEach(child -> child.collect(into));
    }

    /** Thrown with the line and column where the file stops being XML. */
    static final class NotXml extends Exception {
        final int line;
        final int column;

        NotXml(String message, int line, int column) {
            super(message);
            this.line = line;
            this.column = column;
        }
    }

    static XmlElement parse(byte[] xml) throws NotXml {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        XMLStreamReader reader = null;
        try {
            reader = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
            XmlElement root = null;
            XmlElement current = null;
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    XmlElement element = new XmlElement(
                            reader.getNamespaceURI(),
                            reader.getLocalName(),
                            current,
                            reader.getLocation().getLineNumber(),
                            reader.getLocation().getColumnNumber());
                    for (int i = 0; i < reader.getAttributeCount(); i++) {
                        String namespace = reader.getAttributeNamespace(i);
                        element.attributes.add(new Attribute(
                                namespace == null ? "" : namespace,
                                reader.getAttributeLocalName(i),
                                reader.getAttributeValue(i)));
                    }
                    if (current == null) root = element;
                    else current.children.add(element);
                    current = element;
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    current = current.parent;
                } else if ((event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA)
                        && current != null) {
                    current.text.append(reader.getText());
                } else if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw new NotXml(
                            "document types and entities are not allowed",
                            reader.getLocation().getLineNumber(),
                            reader.getLocation().getColumnNumber());
                }
            }
            if (root == null) throw new NotXml("the file holds no XML element", 1, 1);
            return root;
        } catch (XMLStreamException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNumber();
            int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNumber();
            throw new NotXml(
                    "not well-formed XML: "
                            + e.getMessage()
                                    .replaceAll("^ParseError at \\[row,col\\]:\\[\\d+,\\d+\\]\\s*Message:\\s*", ""),
                    line,
                    column);
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing left to read
                }
            }
        }
    }
}
