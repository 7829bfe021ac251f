using System.Xml.Linq;
using Amazon.Runtime.Internal.Transform;

namespace AssumeRoleCli.Aws.Iam.Transform;

/// <summary>
/// Turns the SDK's streaming <see cref="XmlUnmarshallerContext"/> into a small
/// <see cref="XElement"/> tree. Names are local names only (IAM puts its xmlns on every
/// response; namespaces carry no information here). Attributes are dropped.
/// </summary>
internal static class XmlTree
{
    /// <summary>Reads the rest of the document; returns the root element, or null for a <c>Content-Length: 0</c> body.</summary>
    public static XElement? Read(XmlUnmarshallerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.IsEmptyResponse)
        {
            return null;
        }

        XElement? root = null;
        var open = new Stack<(XElement Element, string Text)>();
        bool more;
        do
        {
            // Read() returns false on the node that reaches end of file (normally the root's
            // end tag), so the current node is handled before the result is checked.
            more = context.Read();
            if (context.IsStartElement)
            {
                var element = new XElement(context.CurrentElementName);
                if (open.Count > 0)
                {
                    open.Peek().Element.Add(element);
                }
                else
                {
                    root ??= element;
                }

                open.Push((element, context.ReadText()));
            }
            else if (context.IsEndElement && open.Count > 0)
            {
                Close(open.Pop());
            }
        }
        while (more);

        while (open.Count > 0)
        {
            Close(open.Pop());
        }

        return root;
    }

    private static void Close((XElement Element, string Text) node)
    {
        // Only leaves carry text; an element with children only has formatting whitespace.
        if (!node.Element.HasElements)
        {
            node.Element.Value = node.Text;
        }
    }
}
