"""``reintegra model``: train, list, explain, activate and monitor risk models."""
from __future__ import annotations

import datetime as dt
import json
from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.utils import timezone

from reintegra.analytics import services
from reintegra.analytics.card import model_card
from reintegra.analytics.choices import FairnessPriority, ModelFamily
from reintegra.analytics.models import TrainedModel
from reintegra.analytics.selectors import model_monitor


def _columns(value: str) -> list[str]:
    return [c.strip() for c in value.split(",") if c.strip()]


class Command(BaseCommand):
    help = "Train, list, show, activate and monitor statistical risk models."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        train = sub.add_parser("train", help="Train and validate a model from a CSV file or from this system's history.")
        source = train.add_mutually_exclusive_group(required=True)
        source.add_argument("--csv", help="CSV file with one row per person and index date.")
        source.add_argument("--from-history", action="store_true", help="Build the training table from the records.")
        train.add_argument("--target", help="Outcome column (0/1) of the CSV file.")
        train.add_argument("--features", help="Comma-separated feature columns.")
        train.add_argument("--group", action="extend", nargs="+", default=[],
                           help="Column(s) for the fairness audit only, never an input: --group race sex, "
                                "--group race --group sex or --group race,sex.")
        train.add_argument("--time", help="Date column: adds a train-earlier / test-later validation.")
        train.add_argument("--family", choices=list(ModelFamily.values), default="logistic")
        train.add_argument("--purpose", help="What the model estimates (a slug); versions are numbered per purpose.")
        train.add_argument("--folds", type=int, default=5)
        train.add_argument("--seed", type=int, default=0)
        train.add_argument("--bootstrap", type=int, default=1000, help="Bootstrap resamples for the 95%% intervals.")
        train.add_argument("--cutoff", type=float, help="Probability cut-off for the error rates (default: the base rate).")
        train.add_argument("--follow-up-days", type=int, default=365, help="History: follow-up length in days.")
        train.add_argument("--waiting-days", type=int, default=182, help="History: extra time for a conviction to be recorded.")
        train.add_argument("--as-of", help="History: date the data are complete to (default today).")
        train.add_argument("--by", help="Username of the analyst training the model.")

        sub.add_parser("list", help="List trained models.")
        card = sub.add_parser("card", help="Print a model card (JSON), or write it as HTML.")
        card.add_argument("id", type=int)
        card.add_argument("--html", help="Write the card as a self-contained HTML file here.")
        activate = sub.add_parser("activate", help="Put a model into use for its purpose.")
        activate.add_argument("id", type=int)
        activate.add_argument("--by", required=True, help="Username of the approver (needs the model-management right).")
        activate.add_argument("--priority", choices=[v for v in FairnessPriority.values if v], default="",
                              help="Which fairness property the agency prioritises.")
        activate.add_argument("--note", default="", help="Reasons for the approval.")
        score = sub.add_parser("score", help="Record predictions for follow-ups that started recently (for monitoring).")
        score.add_argument("--id", type=int, help="Model (default: the active model trained on this system's history).")
        score.add_argument("--days", type=int, default=90, help="Follow-ups that started in the last N days.")
        monitor = sub.add_parser("monitor", help="Compare recent predictions with observed outcomes.")
        monitor.add_argument("--update-outcomes", action="store_true",
                             help="First record the outcomes of predictions whose follow-up has ended.")
        monitor.add_argument("--id", type=int, help="One model (default: every active model).")
        monitor.add_argument("--days", type=int, default=730, help="Predictions made in the last N days.")
        monitor.add_argument("--min-n", type=int, default=30)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"do_{options['action']}")(options)
        except ValidationError as exc:
            raise CommandError(self._message(exc)) from exc

    @staticmethod
    def _message(exc: ValidationError) -> str:
        if hasattr(exc, "error_dict"):
            return " ".join(f"{field}: {' '.join(str(m) for m in msgs)}" for field, msgs in exc.message_dict.items())
        return " ".join(str(m) for m in exc.messages)

    def _user(self, username: str | None) -> Any:
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        return user

    def _model(self, pk: int) -> TrainedModel:
        model = TrainedModel.objects.filter(pk=pk).first()
        if model is None:
            raise CommandError(f"No trained model with id {pk}.")
        return model

    def do_train(self, o: dict[str, Any]) -> None:
        groups = [g for value in o["group"] for g in _columns(value)]
        actor = self._user(o["by"])
        common = dict(family=o["family"], purpose=o["purpose"], actor=actor, folds=o["folds"], seed=o["seed"],
                      bootstrap=o["bootstrap"], cutoff=o["cutoff"])
        if o["csv"]:
            if not o["target"] or not o["features"]:
                raise CommandError("--csv needs --target COLUMN and --features COL,COL,...")
            model = services.trained_model_train_csv(
                path=o["csv"], target=o["target"], features=_columns(o["features"]), groups=groups, time=o["time"],
                **common)
        else:
            from reintegra.analytics.history import DEFAULT_FEATURES, trained_model_train_history

            if groups:
                raise CommandError("--group names CSV columns; from history the audit covers sex, age band and "
                                   "nationality automatically.")

            as_of = dt.date.fromisoformat(o["as_of"]) if o["as_of"] else None
            model = trained_model_train_history(
                follow_up_days=o["follow_up_days"], waiting_days=o["waiting_days"], as_of=as_of,
                features=_columns(o["features"]) if o["features"] else list(DEFAULT_FEATURES), **common)
        self._summary(model)

    def _summary(self, model: TrainedModel) -> None:
        w = self.stdout.write
        d = model.data_description
        w(f"Trained model {model.pk}: {model.purpose} v{model.version} ({model.get_family_display()})")
        w(f"  data: {d.get('rows')} rows, outcome rate {100 * d.get('base_rate', 0):.1f}%, features: {', '.join(model.features)}")
        if model.group_columns:
            w(f"  audit-only groups (not inputs): {', '.join(model.group_columns)}")
        w(f"  validation: {model.validation.get('method')}, {model.metrics['_bootstrap']['resamples']} bootstrap resamples")
        for key in ("auc", "brier", "ece", "calibration_slope", "calibration_intercept", "sensitivity", "specificity", "ppv"):
            v = model.metrics[key]
            ci = f" (95% CI {v['lower']:.3f}-{v['upper']:.3f})" if v.get("lower") is not None else ""
            w(f"  {key:22s} {v['value']:.3f}{ci}")
        split = model.validation.get("time_split")
        if split and split.get("available"):
            w(f"  time split at {split['split_at']}: train n={split['train']['n']} rate {100 * split['train']['base_rate']:.1f}%,"
              f" test n={split['test']['n']} rate {100 * split['test']['base_rate']:.1f}%,"
              f" test AUC {split['auc']:.3f}, ECE {split['ece']:.3f}")
        for column, table in model.fairness.items():
            w(f"  fairness by {column} (cut-off {table['cutoff']:.3f}):")
            for row in table["rows"]:
                if row.get("suppressed"):
                    w(f"    {row['group']:24s} n={row['n']:<6d} (too few to report)")
                    continue
                auc = f"{row['auc']:.3f}" if row.get("auc") is not None else "  -  "
                w(f"    {row['group']:24s} n={row['n']:<6d} base {row['base_rate']:.3f} AUC {auc} "
                  f"FPR {row['fpr'] if row['fpr'] is None else round(row['fpr'], 3)} "
                  f"FNR {row['fnr'] if row['fnr'] is None else round(row['fnr'], 3)} "
                  f"PPV {row['ppv'] if row['ppv'] is None else round(row['ppv'], 3)} ECE {row['ece']:.3f}")
        if not model.explainable:
            w("  Reference model only: not explainable, cannot be activated.")

    def do_list(self, o: dict[str, Any]) -> None:
        models = TrainedModel.objects.select_related("approved_by").order_by("purpose", "-version")
        if not models:
            self.stdout.write("No trained models yet.")
            return
        for m in models:
            auc = (m.metrics.get("auc") or {}).get("value")
            status = f"ACTIVE (approved by {m.approved_by.get_username()})" if m.active and m.approved_by_id else ""
            self.stdout.write(f"{m.pk:>4}  {m.purpose:32s} v{m.version:<3} {m.family:10s} "
                              f"AUC {auc:.3f}  {m.created_at:%Y-%m-%d}  {status}")

    def do_card(self, o: dict[str, Any]) -> None:
        model = self._model(o["id"])
        card = model_card(model)
        if o["html"]:
            html = render_to_string("analytics/card_standalone.html", {"card": card, "model": model})
            with open(o["html"], "w", encoding="utf-8") as fh:
                fh.write(html)
            self.stdout.write(f"Wrote {o['html']}")
        else:
            self.stdout.write(json.dumps(card, indent=2, default=str))

    def do_activate(self, o: dict[str, Any]) -> None:
        actor = self._user(o["by"])
        from reintegra.core.errors import AccessDenied

        try:
            model = services.trained_model_activate(model=self._model(o["id"]), actor=actor,
                                                    fairness_priority=o["priority"], note=o["note"])
        except AccessDenied as exc:
            raise CommandError(f"{o['by']} may not approve models (needs the model-management right).") from exc
        self.stdout.write(f"Model {model.pk} ({model.purpose} v{model.version}) is now active, approved by {o['by']}.")

    def do_score(self, o: dict[str, Any]) -> None:
        model = self._model(o["id"]) if o["id"] else TrainedModel.objects.filter(active=True, source="history").first()
        if model is None:
            raise CommandError("No active model trained on this system's history; train and activate one first.")
        since = timezone.localdate() - dt.timedelta(days=o["days"])
        created = services.predictions_record_recent(model=model, since=since)
        self.stdout.write(f"Recorded {len(created)} predictions with model {model.pk} for follow-ups since {since}.")

    def do_monitor(self, o: dict[str, Any]) -> None:
        models = [self._model(o["id"])] if o["id"] else list(TrainedModel.objects.filter(active=True))
        if not models:
            self.stdout.write("No active models to monitor.")
            return
        if o["update_outcomes"]:
            for model in models:
                updated = services.prediction_outcomes_update(model=model)
                self.stdout.write(f"Model {model.pk}: recorded {updated} observed outcomes.")
        since = timezone.now() - dt.timedelta(days=o["days"])
        flagged = False
        for model in models:
            r = model_monitor(model=model, since=since, min_n=o["min_n"])
            head = f"Model {model.pk} ({model.purpose} v{model.version}):"
            if r["status"] == "insufficient":
                self.stdout.write(f"{head} {r['n']} predictions with outcomes since {since:%Y-%m-%d}; "
                                  f"at least {o['min_n']} needed ({r['pending']} awaiting outcomes).")
                continue
            self.stdout.write(
                f"{head} n={r['n']}, observed {100 * r['observed_rate']:.1f}% vs estimated {100 * r['mean_predicted']:.1f}% "
                f"(z={r['z']:.2f}), ECE {r['ece']:.3f} (validated {r['validated_ece'] or 0:.3f}): "
                + ("DRIFT - " + "; ".join(r["reasons"]) if r["drift"] else "calibration holds"))
            flagged = flagged or r["drift"]
        if flagged:
            self.stdout.write("Recalibrate or retrain the flagged models before relying on their estimates.")
