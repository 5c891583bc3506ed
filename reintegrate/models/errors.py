"""Validation problems as sentences a tired parent can act on."""

from __future__ import annotations

from pydantic import BaseModel, ValidationError

from reintegrate.models.base import NO_CONTROLS, NO_CONTROLS_BUT_LINES


def plain_errors(error: ValidationError, model: type[BaseModel] | None = None) -> list[str]:
    """Each validation problem as a sentence a tired parent can act on."""
    sentences: list[str] = []
    for item in error.errors(include_url=False):
        field = _field_title(model, item.get("loc", ()))
        kind = item.get("type", "")
        ctx = item.get("ctx") or {}
        if kind == "value_error":
            message = str(ctx.get("error", item.get("msg", ""))).rstrip(".")
            sentences.append(message[:1].upper() + message[1:] + ".")
            continue
        if kind in ("greater_than_equal", "less_than_equal") and field:
            bounds = _bounds(model, item.get("loc", ()))
            if bounds:
                sentences.append(f"{field} must be a whole number from {bounds[0]} to {bounds[1]}.")
                continue
        if kind == "string_too_short":
            sentences.append(f"{field or 'This'} cannot be empty.")
        elif kind == "string_too_long":
            sentences.append(f"{field or 'This'} is too long (at most {ctx.get('max_length')} characters).")
        elif kind == "string_pattern_mismatch" and ctx.get("pattern") in (NO_CONTROLS, NO_CONTROLS_BUT_LINES):
            lines = " (tabs and line breaks are fine)" if ctx["pattern"] == NO_CONTROLS_BUT_LINES else ""
            sentences.append(f"{field or 'This'} holds a control character, such as a terminal escape "
                             f"code; remove it{lines}.")
        elif kind in ("int_parsing", "int_type", "int_from_float"):
            sentences.append(f"{field or 'This'} must be a whole number.")
        elif kind.startswith("date") or kind.startswith("time"):
            sentences.append(f"{field or 'This'} is not a date or time this app understands.")
        elif kind == "enum":
            sentences.append(f"{field or 'This'} must be one of: {ctx.get('expected', '')}.")
        elif kind == "missing":
            sentences.append(f"{field or 'A required field'} is missing.")
        elif kind == "extra_forbidden":
            sentences.append(f"'{item['loc'][-1]}' is not a field this app knows.")
        else:
            sentences.append(f"{field or 'This value'}: {item.get('msg', 'is not valid')}.")
    return sentences


def _field_info(model: type[BaseModel] | None, loc: tuple):
    info = None
    current = model
    for part in loc:
        if current is None or not isinstance(part, str):
            continue
        info = current.model_fields.get(part)
        if info is None:
            return None
        annotation = info.annotation
        current = annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
    return info


def _field_title(model: type[BaseModel] | None, loc: tuple) -> str:
    info = _field_info(model, loc)
    if info is not None and info.title:
        return info.title
    names = [p for p in loc if isinstance(p, str)]
    return names[-1].replace("_", " ").capitalize() if names else ""


def _bounds(model: type[BaseModel] | None, loc: tuple) -> tuple[int, int] | None:
    info = _field_info(model, loc)
    if info is None:
        return None
    low = high = None
    metadata = list(info.metadata)
    # Optional[Annotated[int, Field(...)]] keeps its bounds on the inner type.
    for arg in getattr(info.annotation, "__args__", ()) or ():
        metadata.extend(getattr(arg, "__metadata__", ()) or ())
    for item in metadata:
        for constraint in getattr(item, "metadata", [item]):
            low = getattr(constraint, "ge", low)
            high = getattr(constraint, "le", high)
    if low is None or high is None:
        return None
    return low, high
