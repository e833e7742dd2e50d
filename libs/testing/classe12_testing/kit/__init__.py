"""The black-box replacement kit: a service's contract scenarios run over AMQP against any implementation."""
from .coverage import missing_cases
from .results import CaseResult, KitFailure, KitResult
from .runner import Kit, run_kit
from .scenarios import ScenarioError, ScenarioFile, load_scenarios, parse_scenarios, scenario_problems

__all__ = ["CaseResult", "Kit", "KitFailure", "KitResult", "ScenarioError", "ScenarioFile", "load_scenarios",
           "missing_cases", "parse_scenarios", "run_kit", "scenario_problems"]
