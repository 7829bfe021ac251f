#!/usr/bin/env python3
"""Writes tests/AssumeRoleCli.Tests/Aws/Iam/iam-endpoint-cases.json: what AWS's own IAM endpoint rules give
(with --service organizations: Aws/Organizations/organizations-endpoint-cases.json, from Organizations' rules).

Every case is evaluated by botocore itself: its EndpointRulesetResolver (botocore.regions) runs the IAM rule set
(botocore/data/iam/2010-05-08/endpoint-rule-set-1.json) against botocore's partitions.json, exactly as a botocore
client does before each call. The cases are every region botocore knows (partitions.json and endpoints.json, with
the pseudo-regions of IAM's endpoints.json entries such as aws-global or iam-govcloud), each partition's
`<partition>-global`, a few future regions that only the partitions' region regexes match, and no region at all;
each with UseFIPS x UseDualStack in {false, true}. A handful more add an endpoint override (SDK::Endpoint).

Per case it records the expected URL, signing region and signing name (the authSchemes of the rule that matched,
via botocore's auth_schemes_to_signing_ctx; the signing name falls back to the service model's, as botocore's
signer does; signingRegion is null when the rule pins none), or the rule's error text.
IamEndpointRuleSetTests checks our IamEndpointProvider against every row (OrganizationsEndpointRuleSetTests ours
for Organizations).

Usage: python3 scripts/gen_iam_endpoint_table.py [--service iam|organizations]   (needs botocore, e.g. `pip install boto3`; rerun after
upgrading botocore and commit the changed table.)
"""

import argparse
import json
import pathlib

import botocore
from botocore.exceptions import EndpointProviderError
from botocore.hooks import HierarchicalEmitter
from botocore.loaders import create_loader
from botocore.model import ServiceModel
from botocore.regions import EndpointResolverBuiltins as Builtins
from botocore.regions import EndpointRulesetResolver

TESTS = pathlib.Path(__file__).resolve().parent.parent / "tests/AssumeRoleCli.Tests/Aws"
# service -> (model version, an operation to resolve for, the table written, overrides)
SERVICES = {
    "iam": ("2010-05-08", "GetRole", TESTS / "Iam/iam-endpoint-cases.json", "https://iam.example.internal"),
    "organizations": ("2016-11-28", "ListAccounts", TESTS / "Organizations/organizations-endpoint-cases.json",
                      "https://organizations.example.internal"),
}

# Regions no list names yet, which only a partition's regionRegex (or the default partition) places.
FUTURE_REGIONS = [
    "ap-future-9", "cn-south-1", "us-gov-central-1", "us-iso-north-1", "us-isob-west-2",
    "us-isof-north-1", "eu-isoe-south-1", "eusc-de-west-1",
]
OVERRIDE_REGIONS = ["us-east-1", "cn-north-1", "us-gov-west-1", None]
FLAGS = [(False, False), (True, False), (False, True), (True, True)]


def known_regions(loader, service):
    partitions = loader.load_data("partitions")["partitions"]
    endpoints = loader.load_data("endpoints")["partitions"]
    regions = {region for partition in partitions for region in partition["regions"]}
    regions |= {f"{partition['id']}-global" for partition in partitions}
    for partition in endpoints:
        regions |= set(partition["regions"])
        regions |= set(partition["services"].get(service, {}).get("endpoints", {}))
    return sorted(regions) + FUTURE_REGIONS + [None]


def make_resolver(loader, service_model, builtins):
    return EndpointRulesetResolver(
        endpoint_ruleset_data=loader.load_service_model(service_model.service_name, "endpoint-rule-set-1"),
        partition_data=loader.load_data("partitions"),
        service_model=service_model,
        builtins=builtins,
        client_context={},
        event_emitter=HierarchicalEmitter(),
    )


def evaluate(loader, service_model, operation_name, region, use_fips, use_dualstack, endpoint):
    builtins = {
        Builtins.AWS_REGION: region,
        Builtins.AWS_USE_FIPS: use_fips,
        Builtins.AWS_USE_DUALSTACK: use_dualstack,
        Builtins.SDK_ENDPOINT: endpoint,
    }
    resolver = make_resolver(loader, service_model, builtins)
    case = {"region": region, "useFIPS": use_fips, "useDualStack": use_dualstack, "endpoint": endpoint}
    operation = service_model.operation_model(operation_name)
    try:
        result = resolver.construct_endpoint(operation, call_args={}, request_context={})
    except EndpointProviderError as error:
        return case | {"error": str(error)}
    signing = {}
    auth_schemes = result.properties.get("authSchemes")
    if auth_schemes:
        _, signing = resolver.auth_schemes_to_signing_ctx(auth_schemes)
    return case | {
        "url": result.url,
        "signingRegion": signing.get("region"),
        "signingName": signing.get("signing_name", service_model.signing_name),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--service", choices=sorted(SERVICES), default="iam")
    service = parser.parse_args().service
    version, operation_name, output, override = SERVICES[service]
    loader = create_loader()
    service_model = ServiceModel(loader.load_service_model(service, "service-2", version), service_name=service)
    cases = [
        evaluate(loader, service_model, operation_name, region, fips, dualstack, None)
        for region in known_regions(loader, service)
        for fips, dualstack in FLAGS
    ]
    cases += [
        evaluate(loader, service_model, operation_name, region, fips, dualstack, endpoint)
        for endpoint in [override, "http://127.0.0.1:5000"]
        for region in OVERRIDE_REGIONS
        for fips, dualstack in FLAGS
    ]
    table = {
        "generatedBy": "scripts/gen_iam_endpoint_table.py" + ("" if service == "iam" else f" --service {service}"),
        "botocoreVersion": botocore.__version__,
        "ruleSet": f"botocore/data/{service}/{version}/endpoint-rule-set-1.json",
        "cases": cases,
    }
    output.write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")
    print(f"{len(cases)} cases from botocore {botocore.__version__} -> {output}")


if __name__ == "__main__":
    main()
