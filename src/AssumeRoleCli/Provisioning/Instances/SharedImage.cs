using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// The image (and instance type) of a launch across accounts, looked up once for all of them: a public image and an
/// instance type are the same in every account of a region, so 100 accounts need one DescribeImages, not 100. An
/// account that waited for another's lookup and saw it fail (that account's role refused, say) looks for itself.
/// </summary>
public sealed class SharedImage
{
    private readonly Lock _gate = new();
    private Task<MachineImage>? _lookup;

    /// <summary>The image found by the first account to ask (<paramref name="find"/> with its credentials), or found now.</summary>
    public async Task<MachineImage> GetAsync(Func<Task<MachineImage>> find)
    {
        ArgumentNullException.ThrowIfNull(find);
        Task<MachineImage> lookup;
        bool mine;
        lock (_gate)
        {
            mine = _lookup is null or { IsFaulted: true } or { IsCanceled: true };
            if (mine)
            {
                _lookup = find();
            }

            lookup = _lookup!;
        }

        try
        {
            return await lookup;
        }
        catch (Exception) when (!mine)
        {
            return await find();
        }
    }
}
