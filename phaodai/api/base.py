"""The base classes of every API endpoint, and ``route()`` to serve several on one URL.

An endpoint is one class for one resource action (``PersonListApi``, ``PersonCreateApi``).
It derives from exactly one of:

* ``ScopedAPIView``: shows or changes area data. Requires a logged-in user and, if set,
  ``required_capability``. It reads *only* through ``get_scoped_queryset()`` (calls the
  class's ``selector`` with ``user=request.user``) and ``get_scoped_object()`` (calls
  ``fetch``, an access function that raises ``Http404`` for a record that is missing
  or outside the jurisdiction). Declaring ``queryset``/``get_queryset``/``get_object``
  on a subclass, or a ``selector``/``fetch`` without a keyword-only ``user``
  parameter, is refused when the class is defined. So a new endpoint is scoped
  unless someone deliberately derives from another base.
* ``LoginOnlyAPIView``: needs a logged-in user, shows no area data (``/me/``).
* ``PublicAPIView``: anyone (only the token endpoint).

``route(PersonListApi, PersonCreateApi)`` makes the view for one URL: each request goes
to the class that declares its HTTP method. The URL's declared access policy is the
least strict of its classes', so ``core``'s policy test sees a public method.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, cast

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext, gettext_lazy
from rest_framework import serializers, status
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from phaodai.api.authentication import AUTHENTICATION_CLASSES
from phaodai.api.pagination import PagePagination
from phaodai.api.parsers import BoundedJSONParser
from phaodai.api.permissions import HasCapability
from phaodai.api.schema import AutoSchema
from phaodai.api.sync import DEFAULT_PAGE_SIZE, ChangesFilterSerializer, changes_since
from phaodai.audit.enums import AccessChannel, AccessKind
from phaodai.audit.services import access_list_record, access_record
from phaodai.core.access import Policy, has_capability
from phaodai.core.errors import CoreErrorCode
from phaodai.core.roles import Capability

if TYPE_CHECKING:
    from rest_framework.permissions import _SupportsHasPermission

_UUID_TAKEN = gettext_lazy("Mã uuid này đã được dùng cho một bản ghi khác.")


class BaseAPIView(APIView):
    authentication_classes: Sequence[type[BaseAuthentication]] = AUTHENTICATION_CLASSES
    parser_classes = (BoundedJSONParser,)
    permission_classes: Sequence[type[BasePermission]] = (IsAuthenticated,)
    pagination_class = PagePagination
    schema = AutoSchema()
    access_policy: ClassVar[Policy]
    # Set by route(): all the methods served at this URL, for the Allow header.
    route_methods: tuple[str, ...] = ()

    @property
    def allowed_methods(self) -> list[str]:
        return list(self.route_methods) or super().allowed_methods

    def schema_view_class(self) -> type[BaseAPIView]:
        """The class whose docstring describes the operation (see api.schema.AutoSchema)."""
        return type(self)

    def query_filters(self, serializer_class: type[BaseSerializer[Any]]) -> dict[str, Any]:
        """The query parameters validated by ``serializer_class`` (400 with field errors otherwise).

        Validates a plain dict, not the ``QueryDict``: DRF reads a boolean missing from
        a ``QueryDict`` as ``False``, which would turn "no filter" into "false".
        """
        serializer = serializer_class(
            data=self.request.query_params.dict(), context={"request": self.request}
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def paginated(self, queryset: QuerySet[Any], serializer_class: type[BaseSerializer[Any]]) -> Response:
        """One page of ``queryset`` as ``{"count", "count_capped", "next", "previous", "results"}``."""
        paginator = self.pagination_class()
        self.check_page_size(paginator)
        page = paginator.paginate_queryset(queryset, self.request, view=self)
        self.record_read(list(page or []), many=True)
        data = serializer_class(page, many=True, context={"request": self.request}).data
        return paginator.get_paginated_response(data)

    def changes(self, queryset: QuerySet[Any], serializer_class: type[BaseSerializer[Any]]) -> Response:
        """The rows of ``queryset`` changed since ``?since=`` (``phaodai.api.sync``)."""
        found = self.query_filters(ChangesFilterSerializer)
        rows, token, more = changes_since(
            queryset, since=found.get("since"), page_size=found.get("page_size", DEFAULT_PAGE_SIZE)
        )
        self.record_read(rows, many=True)
        data = serializer_class(rows, many=True, context={"request": self.request}).data
        return Response({"results": data, "next_since": token, "has_more": more})

    def check_page_size(self, paginator: PagePagination) -> None:
        """Hook: refuse a page size the user may not ask for (``ScopedAPIView.bulk_capability``)."""

    def record_read(self, records: list[Any], *, many: bool) -> None:
        """Hook: log who read which records (``ScopedAPIView.logs_access``)."""


def _check_takes_user(cls: type, name: str, func: Callable[..., Any]) -> None:
    parameter = inspect.signature(func).parameters.get("user")
    if parameter is None or parameter.kind is not inspect.Parameter.KEYWORD_ONLY:
        raise ImproperlyConfigured(
            f"{cls.__qualname__}.{name} = {func.__qualname__}: a scoped endpoint reads through "
            "a selector or access function with a keyword-only `user` parameter."
        )


class ScopedAPIView(BaseAPIView):
    """Base of every endpoint that shows or changes area data (see the module docstring)."""

    access_policy = Policy.AREA_SCOPED
    permission_classes = (IsAuthenticated, HasCapability)
    required_capability: ClassVar[Capability | None] = None
    # A selector f(*, user, **arguments) -> QuerySet limited to the user's jurisdiction.
    selector: ClassVar[Callable[..., QuerySet[Any]] | None] = None
    # An access function f(*, user, <x>_id) -> record, Http404 when missing or out of reach.
    fetch: ClassVar[Callable[..., Any] | None] = None
    # Personal data: every record read (one, a page, a change feed) goes to the access log.
    logs_access: ClassVar[bool] = False
    # Pages larger than the default need this capability (bulk reading of personal data).
    bulk_capability: ClassVar[Capability | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for forbidden in ("queryset", "get_queryset", "get_object"):
            if forbidden in vars(cls):
                raise ImproperlyConfigured(
                    f"{cls.__qualname__}.{forbidden}: scoped endpoints read only through "
                    "get_scoped_queryset() and get_scoped_object() (phaodai.api.base)."
                )
        for name in ("selector", "fetch"):
            declared = vars(cls).get(name)
            if declared is None:
                continue
            func = declared.__func__ if isinstance(declared, staticmethod) else declared
            _check_takes_user(cls, name, func)
            setattr(cls, name, staticmethod(func))

    def get_scoped_queryset(self, **arguments: Any) -> QuerySet[Any]:
        """The class's selector, called for the requesting user."""
        if self.selector is None:
            raise ImproperlyConfigured(f"{type(self).__qualname__} declares no selector.")
        return self.selector(user=self.request.user, **arguments)

    def get_scoped_object(self, **lookup: Any) -> Any:
        """The class's access function, called for the requesting user (Http404 → 404)."""
        if self.fetch is None:
            raise ImproperlyConfigured(f"{type(self).__qualname__} declares no fetch function.")
        record = self.fetch(user=self.request.user, **lookup)
        if self.request.method in ("GET", "HEAD"):
            self.record_read([record], many=False)
        return record

    def check_page_size(self, paginator: PagePagination) -> None:
        capability = self.bulk_capability
        if capability is None or has_capability(self.request.user, capability):
            return
        asked = self.request.query_params.get(paginator.page_size_query_param)
        if asked is not None and paginator.get_page_size(self.request) > paginator.page_size:
            raise PermissionDenied(
                gettext(
                    "Tài khoản này lấy được nhiều nhất %(n)d bản ghi mỗi trang; lấy hàng loạt (đồng bộ máy)"
                    " cần quyền «%(capability)s»."
                )
                % {"n": paginator.page_size, "capability": capability.label}
            )

    def record_read(self, records: list[Any], *, many: bool) -> None:
        if not self.logs_access or not records:
            return
        details = {"endpoint": type(self).__name__}
        if many:
            query = {key: value[:100] for key, value in self.request.query_params.items()}
            access_list_record(
                actor=self.request.user,
                channel=AccessChannel.API,
                records=records,
                details={**details, "query": query},
            )
        else:
            record = records[0]
            access_record(
                actor=self.request.user,
                kind=AccessKind.VIEWED,
                channel=AccessChannel.API,
                target=record,
                area_path=record.area_path,
                details=details,
            )

    def created_or_replayed(
        self, record: Any, created: bool, output: type[BaseSerializer[Any]], **lookup: Any
    ) -> Response:
        """201 with a new record; 200 with the stored one when an offline client sends its uuid again.

        A replayed uuid is answered only if the caller may see that record: otherwise it is a
        field error that says nothing about the record.
        """
        if not created:
            try:
                record = self.get_scoped_object(**lookup)
            except Http404 as exc:
                raise serializers.ValidationError(
                    {"uuid": [serializers.ErrorDetail(str(_UUID_TAKEN), code=CoreErrorCode.UUID_TAKEN)]}
                ) from exc
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        response = Response(output(record, context={"request": self.request}).data, status=code)
        if hasattr(record, "version"):
            response["ETag"] = f'"v{record.version}"'
        return response


class LoginOnlyAPIView(BaseAPIView):
    """Needs a logged-in user; shows nothing of any area's records."""

    access_policy = Policy.LOGIN_ONLY


class PublicAPIView(BaseAPIView):
    """Open to anyone. Keep this for the token endpoint."""

    access_policy = Policy.PUBLIC
    authentication_classes = ()
    permission_classes = (AllowAny,)


_STRICTNESS = {Policy.PUBLIC: 0, Policy.LOGIN_ONLY: 1, Policy.AREA_SCOPED: 2}
_HANDLED = ("get", "post", "put", "patch", "delete")


class _Route(BaseAPIView):
    """The class the schema generator sees for a routed URL (it never serves GET/POST/…).

    It carries each action's handler (with its ``@extend_schema``) and answers the
    generator's questions about authentication, permissions and pagination with the
    answers of the action class for the method being described. At run time it only
    answers OPTIONS and unknown methods (405).
    """

    actions: ClassVar[dict[str, type[BaseAPIView]]] = {}

    def _action_class(self) -> type[BaseAPIView] | None:
        request = getattr(self, "request", None)
        method = getattr(request, "method", None) or ""
        return self.actions.get(method.lower())

    def schema_view_class(self) -> type[BaseAPIView]:
        return self._action_class() or type(self)

    def get_authenticators(self) -> list[BaseAuthentication]:
        action = self._action_class()
        return action().get_authenticators() if action else super().get_authenticators()

    def get_permissions(self) -> Sequence[_SupportsHasPermission]:
        action = self._action_class()
        return action().get_permissions() if action else super().get_permissions()

    @property
    def pagination_class(self) -> type[PagePagination] | None:  # type: ignore[override]
        action = self._action_class()
        return action.pagination_class if action else None


class RoutedView(Protocol):
    """The view ``route()`` makes: a function carrying what Django, DRF's schema generator
    and the access policy test read from a view made by ``as_view()``."""

    cls: type[BaseAPIView]
    initkwargs: dict[str, Any]
    csrf_exempt: bool
    login_required: bool
    access_policy: Policy

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Response: ...


def route(*actions: type[BaseAPIView]) -> RoutedView:
    """One URL served by several single-action classes, each request by its method's class."""
    handlers: dict[str, type[BaseAPIView]] = {}
    for action in actions:
        for method in _HANDLED:
            if hasattr(action, method):
                if method in handlers:
                    raise ImproperlyConfigured(
                        f"route(): both {handlers[method].__name__} and {action.__name__} handle {method}."
                    )
                handlers[method] = action
    policy = min((action.access_policy for action in actions), key=_STRICTNESS.__getitem__)
    methods = tuple(m.upper() for m in (*_HANDLED, "options") if m in handlers or m == "options")
    if "get" in handlers:
        methods = (*methods, "HEAD")
    attributes: dict[str, Any] = {m: getattr(cls, m) for m, cls in handlers.items()}
    attributes.update(
        access_policy=policy,
        actions=handlers,
        route_methods=methods,
        __module__=actions[0].__module__,
        __doc__=f"Routes {', '.join(cls.__name__ for cls in actions)} by HTTP method.",
    )
    route_class = cast("type[_Route]", type("".join(cls.__name__ for cls in actions), (_Route,), attributes))
    views = {m: cls.as_view(route_methods=methods) for m, cls in handlers.items()}
    if "get" in views:
        views["head"] = views["get"]
    fallback = route_class.as_view()

    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> Response:
        handler = views.get((request.method or "").lower(), fallback)
        return handler(request, *args, **kwargs)

    view.__name__ = route_class.__name__
    view.__qualname__ = route_class.__qualname__
    view.__module__ = route_class.__module__
    routed = cast(RoutedView, view)  # given its attributes here
    routed.cls = route_class
    routed.initkwargs = {}
    routed.csrf_exempt = True
    routed.login_required = False
    routed.access_policy = policy
    return routed
