"""Read pages the way a browser does: visible text, elements, and a form's current values."""

from bs4 import BeautifulSoup, Tag


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def text_of(element: Tag) -> str:
    return " ".join(element.get_text(" ").split())


def form_values(form: Tag) -> dict[str, list[str]]:
    """What the browser would submit for `form` unchanged (successful controls only)."""
    data: dict[str, list[str]] = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.has_attr("disabled"):
            continue
        if field.name == "textarea":
            value = field.text
            if value.startswith("\n"):
                value = value[1:]
        elif field.name == "select":
            chosen = field.find_all("option", selected=True) or field.find_all("option")[:1]
            if field.has_attr("multiple"):
                data.setdefault(name, []).extend(
                    o.get("value", o.text) for o in field.find_all("option", selected=True)
                )
                continue
            value = chosen[0].get("value", chosen[0].text) if chosen else ""
        elif field.get("type") in ("checkbox", "radio"):
            if not field.has_attr("checked"):
                continue
            value = field.get("value", "on")
        elif field.get("type") in ("submit", "button", "image", "file"):
            continue
        else:
            value = field.get("value", "")
        data.setdefault(name, []).append(value)
    return data
