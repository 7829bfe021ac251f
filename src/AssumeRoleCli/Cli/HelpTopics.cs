namespace AssumeRoleCli.Cli;

/// <summary>An example command line for help, with what it does.</summary>
internal sealed record HelpExample(string CommandLine, string Does);

/// <summary>What a command's help says beyond its one-line description and options.</summary>
internal sealed record HelpTopic(string Paragraph, IReadOnlyList<HelpExample> Examples);

/// <summary>Every command's paragraph and examples, in one place (a test checks each command has one).</summary>
internal static class HelpTopics
{
    public static readonly HelpTopic Root = new(
        "Each changing command works like 'terraform apply': it reads what exists, prints a plan (+ create, ~ change, " +
        "- destroy), asks for 'yes', and only then changes anything. What it creates is recorded in a state file, so " +
        "the role flows from create-role to launch-instance and teardown. Profiles and credentials are read as the AWS " +
        "CLI reads them.",
        [
            new("assumerole create-role", "create the role in the destination account, trusted by the source account"),
            new("assumerole launch-instance", "assume it with the source profile only and launch an EC2 instance"),
            new("assumerole teardown", "terminate what was launched and delete the role"),
        ]);

    private static readonly Dictionary<string, HelpTopic> Topics = new(StringComparer.Ordinal)
    {
        ["create-role"] = new(
            "Creates, in the destination profile's account, an IAM role that the source profile's account may assume " +
            "(its trust policy names arn:aws:iam::<source account>:root), tagged ManagedBy=AssumeRoleCli, with " +
            "AmazonEC2FullAccess attached unless --policy-name or --policy-arn say otherwise. Rerunning when the role " +
            "already matches changes nothing; a drifted role is brought back in line. The role's ARN is recorded in the " +
            "state file for launch-instance and teardown.",
            [
                new("assumerole create-role", "the tutorial's role: assume_role with AmazonEC2FullAccess"),
                new("assumerole create-role --role-name deployer --policy-name ReadOnlyAccess --auto-approve", "another role and policy, without the question"),
                new("assumerole --region us-east-2 create-role --source-profile dev --destination-profile prod", "other profiles and region"),
            ]),
        ["launch-instance"] = new(
            "Assumes the role with the source profile, then launches EC2 instances in the role's account with nothing " +
            "but the temporary credentials: the destination profile may be absent. --count is the number of instances " +
            "wanted for the role in the region, as with Terraform's count: a rerun launches only what is missing, so " +
            "running it twice never doubles the fleet. By default it launches the newest Canonical Ubuntu image as " +
            "t2.micro and waits until the instances are running.",
            [
                new("assumerole launch-instance", "one t2.micro, through the role create-role recorded"),
                new("assumerole launch-instance --count 2 --tag Team=core --wait-timeout 15m", "two instances wanted, tagged, waiting up to 15 minutes"),
                new("assumerole launch-instance --role-arn arn:aws:iam::222222222222:role/assume_role --no-wait -o json", "a role named by ARN, without waiting, result as JSON"),
            ]),
        ["teardown"] = new(
            "Like 'terraform destroy': terminates every instance launched through the role (those in the state file " +
            "and those found by this tool's tags), waits until they are terminated, then deletes the role with the " +
            "destination profile, but only if this tool created it. Instances and roles without this tool's tags are " +
            "never touched. With nothing left it changes nothing and exits 0.",
            [
                new("assumerole teardown", "everything the state file records"),
                new("assumerole teardown --keep-role --auto-approve", "terminate the instances only, without the question"),
                new("assumerole teardown --role-name deployer --region us-east-2", "one role, by name, in another region"),
            ]),
        ["status"] = new(
            "Like 'terraform show' and a refresh: reads what the state file records and what exists in AWS, changing " +
            "nothing: every role (whether the source can assume it now, its trust, policies and max session duration), " +
            "every instance this tool launched, and the drift between the two. Exits 0 even when nothing exists.",
            [
                new("assumerole status", "the roles and instances the state file records, and any drift"),
                new("assumerole status -o json", "the same as one JSON document"),
                new("assumerole status --role-name deployer", "one role, by name, in the destination account"),
            ]),
        ["exec"] = new(
            "Like 'aws-vault exec': assumes the role (the one the state file records, or --role-arn) with the source " +
            "identity and runs a command with the role's temporary credentials and region in its environment " +
            "(AWS_PROFILE removed). Its exit status is assumerole's.",
            [
                new("assumerole exec -- aws sts get-caller-identity", "the AWS CLI as the role, in the destination account"),
                new("assumerole exec --role-arn arn:aws:iam::222222222222:role/assume_role -- terraform plan", "any tool, as a given role"),
            ]),
        ["credentials"] = new(
            "Prints the role's temporary credentials for other tools: 'process' is the credential_process JSON, so a " +
            "profile with 'credential_process = assumerole credentials' works in the AWS CLI and every SDK; 'env' prints " +
            "export lines. The only command that prints a secret, and only to stdout.",
            [
                new("assumerole credentials --format env", "export AWS_ACCESS_KEY_ID=... lines for a shell"),
                new("credential_process = assumerole credentials --role-arn arn:aws:iam::222222222222:role/assume_role", "in ~/.aws/config"),
            ]),
        ["console"] = new(
            "Like 'aws-vault login': assumes the role as exec does, trades its session at the AWS federation endpoint " +
            "for a sign-in token, and prints the console's sign-in URL on stdout (--open: opens it in the browser). The " +
            "URL signs in as the role for as long as its session lasts: treat it as a secret.",
            [
                new("assumerole console", "the console home, as the role the state file records"),
                new("assumerole console --service ec2 --open", "the EC2 console, opened in the browser"),
                new("assumerole console --role-arn arn:aws:iam::222222222222:role/assume_role --duration 7200", "another role, a two-hour console session"),
            ]),
        ["help"] = new(
            "Shows the help of assumerole, or of one command: what it does, its options with their defaults, and examples.",
            [
                new("assumerole help", "the commands and common options"),
                new("assumerole help launch-instance", "one command's options and examples"),
            ]),
        ["version"] = new(
            "Prints the version, the commit it was built from and the platform it was built for.",
            [
                new("assumerole version", "assumerole 1.0.0 (commit abc1234, linux-x64)"),
                new("assumerole --version", "the same"),
            ]),
        ["completion"] = new(
            "Prints a tab-completion script for bash, zsh, fish or PowerShell. The script asks assumerole itself for completions " +
            "(System.CommandLine's [suggest] directive), so it always matches the installed version.",
            [
                new("source <(assumerole completion bash)", "bash, for this shell (add it to ~/.bashrc to keep it)"),
                new("assumerole completion zsh > \"${fpath[1]}/_assumerole\"", "zsh, for new shells"),
                new("assumerole completion fish > ~/.config/fish/completions/assumerole.fish", "fish"),
            ]),
    };

    public static HelpTopic? For(string commandName) => Topics.GetValueOrDefault(commandName);
}
