from django.template.loader import get_template

from withus.core.linebreaks import line_list, lines, paragraphs


def test_lines_escapes_then_breaks():
    assert lines("1 Marsh Lane\r\nRiverside\n\n<b>RV1</b>") == "1 Marsh Lane<br>Riverside<br>&lt;b&gt;RV1&lt;/b&gt;"
    assert lines(None) == ""
    assert lines("   ") == ""


def test_paragraphs_split_on_blank_lines():
    text = "First line\nsecond line\n\n  \nNew <script>alert(1)</script> paragraph"
    assert paragraphs(text) == (
        "<p>First line<br>second line</p><p>New &lt;script&gt;alert(1)&lt;/script&gt; paragraph</p>"
    )
    assert paragraphs("One", "nhsuk-body-l") == '<p class="nhsuk-body-l">One</p>'
    assert paragraphs("") == ""


def test_line_list_is_an_escaped_unbulleted_list():
    assert line_list(["1 May, 2pm", "<br>"]) == '<ul class="nhsuk-list"><li>1 May, 2pm</li><li>&lt;br&gt;</li></ul>'
    assert line_list([]) == ""
    assert line_list(None) == ""


def test_the_filters_are_in_the_template_environment():
    template = get_template("layout.jinja").template.environment.from_string(
        "{{ a | paragraphs }}|{{ a | lines }}|{{ b | line_list }}"
    )
    assert template.render(a="x\ny", b=["<i>"]) == '<p>x<br>y</p>|x<br>y|<ul class="nhsuk-list"><li>&lt;i&gt;</li></ul>'
