using System.Text;
using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Transform;
using AssumeRoleCli.Aws.Iam.Transform;

namespace AssumeRoleCli.Tests.Aws.Iam;

/// <summary>Feeds a literal IAM XML body through the client's response unmarshaller, as the SDK pipeline would.</summary>
internal static class IamXmlResponses
{
    public const string Ns = "https://iam.amazonaws.com/doc/2010-05-08/";

    public static T Unmarshall<T>(string xml, string action, Func<XElement?, T> readResult)
        where T : AmazonWebServiceResponse
    {
        var unmarshaller = new IamResponseUnmarshaller<T>(action, readResult);
        using var context = Context(xml);
        return Assert.IsType<T>(unmarshaller.Unmarshall(context));
    }

    public static XmlUnmarshallerContext Context(string xml, bool isException = false)
        => new(new MemoryStream(Encoding.UTF8.GetBytes(xml)), false, null, isException);
}
