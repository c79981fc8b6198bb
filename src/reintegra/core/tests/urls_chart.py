"""A page with a Vega-Lite chart, for the browser test that charts draw under the strict CSP."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import Template
from django.template.context import RequestContext
from django.urls import path

from reintegra.config.urls import urlpatterns as project_urlpatterns

SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
    "data": {"values": [{"group": "a", "n": 3}, {"group": "b", "n": 5}]},
    # An expression: without the interpreter, Vega would compile it with new Function(), which the CSP forbids.
    "transform": [{"calculate": "datum.n * 2", "as": "double"}],
    "mark": "bar",
    "encoding": {"x": {"field": "group", "type": "nominal"}, "y": {"field": "double", "type": "quantitative"}},
}

PAGE = Template("""{% extends "base.html" %}{% load static %}
{% block content %}<h1>Chart</h1>{{ spec|json_script:"test-chart-spec" }}
<div class="vega-chart" id="chart" data-vega-spec="test-chart-spec" role="img" aria-label="Test chart"></div>{% endblock %}
{% block scripts %}
<script src="{% static 'vendor/vega-6.4.0/vega.min.js' %}" defer></script>
<script src="{% static 'vendor/vega-lite-6.4.3/vega-lite.min.js' %}" defer></script>
<script src="{% static 'vendor/vega-embed-7.3.0/vega-embed.min.js' %}" defer></script>
<script src="{% static 'js/charts.js' %}" defer></script>
{% endblock %}""")


def chart(request: HttpRequest) -> HttpResponse:
    return HttpResponse(PAGE.render(RequestContext(request, {"spec": SPEC})))


urlpatterns = [path("test-chart/", chart), *project_urlpatterns]
