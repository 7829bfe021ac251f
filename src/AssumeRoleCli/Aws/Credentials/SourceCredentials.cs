namespace AssumeRoleCli.Aws.Credentials;

/// <summary>
/// The source identity and how it was chosen (see <see cref="ProfileResolver.ResolveSource"/>).
/// </summary>
/// <param name="Session">Who calls STS; holds secrets, never printed.</param>
/// <param name="Description">For messages: <c>profile 'dev'</c> or <c>credentials from the environment</c>.</param>
/// <param name="Note">
/// One line to print once on stderr when the source was not named on the command line
/// (e.g. <c>source: credentials from the environment</c>); null when --source-profile chose it, or when it is the
/// default profile <c>source</c>.
/// </param>
public sealed record SourceCredentials(AwsSession Session, string Description, string? Note);
