//! Exclusive XML Canonicalization 1.0 (`http://www.w3.org/2001/10/xml-exc-c14n#`) of one
//! element's subtree, as XML signatures over SAML assertions use it: the bytes a signer
//! digested, whatever the document's prefixes, quoting or namespace placement around it.
//!
//! Namespace declarations appear where a prefix is first *visibly used* (by the element's own
//! name or one of its attributes), or where the signer's inclusive prefix list names it, and
//! only when no output ancestor has rendered the same binding; so an element canonicalizes the
//! same alone or inside a larger document.

use std::collections::BTreeMap;

use roxmltree::{Node, NodeType};

const XML_PREFIX: &str = "xml";

/// How to canonicalize a subtree.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Keep comments (`…#WithComments`).
    pub with_comments: bool,
    /// `InclusiveNamespaces PrefixList`: prefixes rendered as inclusive C14N would, `""` for
    /// `#default`.
    pub inclusive_prefixes: Vec<String>,
    /// A descendant left out with its subtree: the enveloped signature.
    pub excluded: Option<roxmltree::NodeId>,
}

/// The canonical form of `element` and its descendants, `source` being the document text it
/// was parsed from (element and attribute prefixes are read from there).
pub fn canonicalize(source: &str, element: Node<'_, '_>, options: &Options) -> String {
    let mut out = String::new();
    write_element(source, element, options, &BTreeMap::new(), &mut out);
    out
}

/// The prefix of a qualified name as written, `""` when it has none.
fn prefix_of(qname: &str) -> &str {
    qname.split_once(':').map_or("", |(prefix, _)| prefix)
}

/// The element's name as written in the source: after `<`, up to whitespace, `/` or `>`.
fn element_qname<'s>(source: &'s str, element: Node<'_, '_>) -> &'s str {
    let tag = source.get(element.range().start + 1..).unwrap_or_default();
    let end = tag
        .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
        .unwrap_or(tag.len());
    &tag[..end]
}

fn write_element(
    source: &str,
    element: Node<'_, '_>,
    options: &Options,
    rendered: &BTreeMap<String, String>,
    out: &mut String,
) {
    let qname = element_qname(source, element);
    let mut attributes: Vec<(&str, &str, &str, &str)> = element
        .attributes()
        .map(|a| {
            let qname = source.get(a.range_qname()).unwrap_or(a.name());
            (a.namespace().unwrap_or(""), a.name(), qname, a.value())
        })
        .collect();
    attributes.sort_by(|x, y| (x.0, x.1).cmp(&(y.0, y.1)));

    // The prefixes this element makes visible use of, and those the signer asked to include.
    let mut used: Vec<&str> = vec![prefix_of(qname)];
    used.extend(
        attributes
            .iter()
            .map(|(_, _, qname, _)| prefix_of(qname))
            .filter(|p| !p.is_empty()),
    );
    used.extend(options.inclusive_prefixes.iter().map(String::as_str));
    used.sort_unstable();
    used.dedup();

    let mut scope = rendered.clone();
    let mut declarations = String::new();
    for prefix in used {
        if prefix == XML_PREFIX {
            continue;
        }
        let uri = element
            .lookup_namespace_uri((!prefix.is_empty()).then_some(prefix))
            .unwrap_or("");
        let inherited = rendered.get(prefix).map(String::as_str);
        let render = if prefix.is_empty() {
            // `xmlns=""` only undoes a default namespace an ancestor rendered.
            inherited.unwrap_or("") != uri
        } else {
            !uri.is_empty() && inherited != Some(uri)
        };
        if render {
            if prefix.is_empty() {
                declarations.push_str(" xmlns=\"");
            } else {
                declarations.push_str(" xmlns:");
                declarations.push_str(prefix);
                declarations.push_str("=\"");
            }
            escape_attribute(uri, &mut declarations);
            declarations.push('"');
            scope.insert(prefix.to_owned(), uri.to_owned());
        }
    }

    out.push('<');
    out.push_str(qname);
    out.push_str(&declarations);
    for (_, _, qname, value) in &attributes {
        out.push(' ');
        out.push_str(qname);
        out.push_str("=\"");
        escape_attribute(value, out);
        out.push('"');
    }
    out.push('>');
    for child in element.children() {
        if options.excluded == Some(child.id()) {
            continue;
        }
        match child.node_type() {
            NodeType::Element => write_element(source, child, options, &scope, out),
            NodeType::Text => escape_text(child.text().unwrap_or_default(), out),
            NodeType::Comment if options.with_comments => {
                out.push_str("<!--");
                out.push_str(child.text().unwrap_or_default());
                out.push_str("-->");
            }
            NodeType::PI => {
                if let Some(pi) = child.pi() {
                    out.push_str("<?");
                    out.push_str(pi.target);
                    if let Some(value) = pi.value.filter(|v| !v.is_empty()) {
                        out.push(' ');
                        out.push_str(value);
                    }
                    out.push_str("?>");
                }
            }
            NodeType::Comment | NodeType::Root => {}
        }
    }
    out.push_str("</");
    out.push_str(qname);
    out.push('>');
}

fn escape_text(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#xD;"),
            c => out.push(c),
        }
    }
}

fn escape_attribute(value: &str, out: &mut String) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#x9;"),
            '\n' => out.push_str("&#xA;"),
            '\r' => out.push_str("&#xD;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(xml: &str, path: &[&str], options: &Options) -> String {
        let doc = roxmltree::Document::parse(xml).expect("parses");
        let mut node = doc.root_element();
        for name in path {
            node = node
                .children()
                .find(|n| n.tag_name().name() == *name)
                .expect("child");
        }
        canonicalize(xml, node, options)
    }

    #[test]
    fn inherited_namespaces_are_declared_on_the_apex_only_where_used() {
        let xml = r#"<p:Response xmlns:p="urn:p" xmlns:a="urn:a" xmlns:unused="urn:u"><a:Assertion ID='x1' Version="2.0"><a:Issuer>idp</a:Issuer><b:Extra xmlns:b="urn:b" a:flag="1"/></a:Assertion></p:Response>"#;
        assert_eq!(
            canonical(xml, &["Assertion"], &Options::default()),
            r#"<a:Assertion xmlns:a="urn:a" ID="x1" Version="2.0"><a:Issuer>idp</a:Issuer><b:Extra xmlns:b="urn:b" a:flag="1"></b:Extra></a:Assertion>"#
        );
    }

    #[test]
    fn attributes_sort_by_namespace_then_name_and_values_are_escaped() {
        let xml = "<e xmlns:z=\"urn:a\" xmlns:y=\"urn:b\" b=\"2\" y:a=\"&lt;&amp;&quot;\" z:c=\"x\" a=\"1&#9;\"> 1 &lt; 2 &amp;&gt; <![CDATA[<c>]]><!-- gone --><?pi  data?></e>";
        assert_eq!(
            canonical(xml, &[], &Options::default()),
            "<e xmlns:y=\"urn:b\" xmlns:z=\"urn:a\" a=\"1&#x9;\" b=\"2\" z:c=\"x\" y:a=\"&lt;&amp;&quot;\"> 1 &lt; 2 &amp;&gt; &lt;c&gt;<?pi data?></e>"
        );
    }

    #[test]
    fn default_namespaces_are_rendered_once_and_undone_when_needed() {
        let xml = r#"<r xmlns="urn:d"><c><n xmlns=""><m/></n></c></r>"#;
        assert_eq!(
            canonical(xml, &[], &Options::default()),
            r#"<r xmlns="urn:d"><c><n xmlns=""><m></m></n></c></r>"#
        );
        assert_eq!(
            canonical(xml, &["c"], &Options::default()),
            r#"<c xmlns="urn:d"><n xmlns=""><m></m></n></c>"#
        );
    }

    #[test]
    fn the_excluded_subtree_and_comments_follow_the_options() {
        let xml =
            "<a:r xmlns:a=\"urn:a\" xmlns:xs=\"urn:xs\"><!--c--><a:s>1</a:s>\n<a:v>2</a:v></a:r>";
        let doc = roxmltree::Document::parse(xml).expect("parses");
        let root = doc.root_element();
        let signature = root
            .children()
            .find(|n| n.tag_name().name() == "s")
            .expect("s");
        let options = Options {
            with_comments: true,
            inclusive_prefixes: vec!["xs".into()],
            excluded: Some(signature.id()),
        };
        assert_eq!(
            canonicalize(xml, root, &options),
            "<a:r xmlns:a=\"urn:a\" xmlns:xs=\"urn:xs\"><!--c-->\n<a:v>2</a:v></a:r>"
        );
    }
}
