"""The report as JUnit XML: one testcase per rule, the run's identity as properties."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from contracts.certification.reporting.summary import deviation_lines, verdict
from contracts.certification.results import Outcome, RunReport

_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot carry


def render_junit(report: RunReport) -> str:
    """The whole report."""
    info = report.info
    counts = report.counts(report.results)
    attributes = {
        "name": "Klantinteracties F2173 certification",
        "tests": str(len(report.results)),
        "failures": str(counts[Outcome.FAILED]),
        "errors": "0",
        "skipped": str(counts[Outcome.NOT_APPLICABLE]),
        "time": f"{info.seconds:.3f}",
        "timestamp": info.started,
    }
    suites = ET.Element("testsuites", {key: attributes[key] for key in ("name", "tests", "failures", "time")})
    suite = ET.SubElement(suites, "testsuite", attributes)
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("provider", info.provider),
        ("spec_sha256", info.spec_sha256),
        ("api_version", info.api_version),
        ("toolkit_version", info.toolkit_version),
        ("seed", str(info.seed)),
        ("actor", info.actor),
        ("verdict", verdict(report)),
        ("left_behind", ", ".join(report.leftovers)),
        ("not_run", ", ".join(info.not_run)),
        ("waived", ", ".join(info.waived)),
        ("known_deviations", ", ".join(r.rule.id for r in report.results if r.outcome is Outcome.KNOWN_DEVIATION)),
    ):
        ET.SubElement(properties, "property", {"name": name, "value": value})
    for result in report.results:
        rule = result.rule
        case = ET.SubElement(
            suite,
            "testcase",
            {
                "classname": "mock-fault-layer" if rule.needs_faults else f"certification.{rule.level}",
                "name": f"{rule.id} {rule.title}",
                "time": f"{result.seconds:.3f}",
            },
        )
        case_properties = ET.SubElement(case, "properties")
        for name, value in (("rule", rule.id), ("level", str(rule.level)), ("source", rule.source)):
            ET.SubElement(case_properties, "property", {"name": name, "value": value})
        if result.outcome is Outcome.FAILED:
            failure = ET.SubElement(case, "failure", {"message": _safe(result.message), "type": "RuleFailure"})
            failure.text = _safe("\n\n".join(exchange.as_text() for exchange in result.shown_evidence))
            ET.SubElement(case, "system-out").text = _safe("\n".join(e.summary for e in result.exchanges))
        elif result.outcome is Outcome.KNOWN_DEVIATION:
            # Passing for the run, yet visible: the deviation ids as a property, the evidence as output.
            ids = ", ".join(s.deviation.id for s in result.deviations)
            ET.SubElement(case_properties, "property", {"name": "known_deviation", "value": ids})
            shown = [f"known deviation of the reference: {result.message}", *deviation_lines(result)]
            shown += [s.exchange.as_text() for s in result.deviations]
            ET.SubElement(case, "system-out").text = _safe("\n\n".join(shown))
        elif result.outcome is Outcome.NOT_APPLICABLE:
            ET.SubElement(case, "skipped", {"message": f"not applicable: {result.message}"})
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _safe(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
