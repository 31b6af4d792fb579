"""One step indicator for every wizard (STYLE 22): 회원가입, 인증서 등록 and 추가인증 render the same markup."""
from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_the_step_list_markup_is_written_once():
    writers = sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html")
                     if re.search(r'class="steps"', p.read_text("utf-8")))
    assert writers == ["components/step_indicator.html"], writers


def test_the_component_marks_the_current_step_for_every_reader(app):
    with app.test_request_context():
        from flask import render_template_string
        html = render_template_string('{% from "components/step_indicator.html" import step_indicator %}'
                                      '{{ step_indicator("회원가입 단계", ["가", "나", "다"], current=1) }}')
    assert '<nav class="steps" aria-label="회원가입 단계">' in html and "<ol>" in html
    items = re.findall(r"<li[^>]*>.*?</li>", html, re.S)
    assert len(items) == 3 and html.count('aria-current="step"') == 1 and 'aria-current="step"' in items[1]
    for item, word in zip(items, ("(완료)", "(현재 단계)", "(진행 전)")):
        assert f'<span class="visually-hidden">{word}</span>' in item
