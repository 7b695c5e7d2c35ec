from ninja.renderers import JSONRenderer as NinjaJSONRenderer


class JSONRenderer(NinjaJSONRenderer):
    """JSON in UTF-8 as it is: Chinese text readable, not \\u-escaped."""

    json_dumps_params = {"ensure_ascii": False}
