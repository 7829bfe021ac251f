using AssumeRoleCli.Cli;

return await CliApp.RunAsync(args, CliServices.FromProcess());
