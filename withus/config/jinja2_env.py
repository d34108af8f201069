"""The Jinja2 environment: our templates first, then the NHS.UK frontend macros (nhsuk-frontend-jinja)."""

from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader

from withus.core import formatting, linebreaks
from withus.core.forms import nhsuk_error_summary_items, nhsuk_field_params
from withus.core.phone import spaced_mobile
from withus.core.plain_words import plain_words


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options) -> Environment:
    loader = options.pop("loader")
    # nhsuk-frontend-jinja needs ChainableUndefined; Django would otherwise pass its own default.
    options["undefined"] = ChainableUndefined
    options.setdefault("trim_blocks", True)
    options.setdefault("lstrip_blocks", True)
    options.pop("autoescape", None)  # always on, below: everything typed by a person is escaped on output
    options["extensions"] = [*options.get("extensions", []), "jinja2.ext.do", "jinja2.ext.i18n"]
    env = Environment(loader=ChoiceLoader([loader, PackageLoader("nhsuk_frontend_jinja")]), autoescape=True, **options)
    # {{ _("...") }} and {% trans %} read Django's catalogue in the active language (issue 26); newstyle escapes
    # the result and formats %(name)s placeholders safely.
    env.install_gettext_callables(translation.gettext, translation.ngettext, newstyle=True)
    env.globals.update(
        {
            "static": static,
            "url": url,
            "get_messages": get_messages,
            "nhsuk_field_params": nhsuk_field_params,
            "nhsuk_error_summary_items": nhsuk_error_summary_items,
        }
    )
    env.filters.update(
        {
            "date_long": formatting.date_in_language,  # the month in the reader's language (issue 26)
            "time_short": formatting.time_short,
            "datetime_long": formatting.datetime_long,
            "plural": formatting.plural,
            "paragraphs": linebreaks.paragraphs,
            "lines": linebreaks.lines,
            "line_list": linebreaks.line_list,
            "plain_words": plain_words,
            "spaced_mobile": spaced_mobile,
        }
    )
    return env
