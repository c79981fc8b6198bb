from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    PRISON_SERVICE = "prison_service", _("Prison service")
    PRISON = "prison", _("Prison or detention facility")
    PROBATION_SERVICE = "probation_service", _("Probation service")
    PROBATION_OFFICE = "probation_office", _("Probation office")
    COURT = "court", _("Court")
    NGO = "ngo", _("Non-governmental organisation")
    EMPLOYER = "employer", _("Employer")
    HOUSING = "housing", _("Housing provider")
    HEALTH = "health", _("Health provider")
    EDUCATION = "education", _("Education provider")
    MUNICIPALITY = "municipality", _("Municipality")
    STATISTICS = "statistics", _("Statistics office")


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    PRISON_CASE_MANAGER = "prison_case_manager", _("Prison case manager")
    PROGRAMME_STAFF = "programme_staff", _("Programme staff")
    PROBATION_OFFICER = "probation_officer", _("Probation officer")
    SUPERVISOR = "supervisor", _("Supervisor")
    VOLUNTEER = "volunteer", _("Volunteer probation officer")
    PARTNER_CASEWORKER = "partner_caseworker", _("Partner caseworker")
    ANALYST = "analyst", _("Analyst")
    AUDITOR = "auditor", _("Inspector / auditor")
    PERSON = "person", _("The person (self-service)")
    RJ_FACILITATOR = "rj_facilitator", _("Restorative justice facilitator")
