"""The project database's tables (SQLAlchemy 2 declarative, portable to PostgreSQL).

Explicit String lengths, timezone-aware datetimes and JSON keep the models
valid on PostgreSQL; the naming convention lets Alembic alter constraints later.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from annotator.core.model import AnnotationStatus

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

LABEL = 64
NAME = 128
VERSION = 64


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware datetimes on every backend (SQLite keeps no zone: store UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware one")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar = {dict[str, Any]: JSON, dt.datetime: UTCDateTime()}


class Setting(Base):
    """Project-wide values: the scheme, the app version that created the project."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(JSON)


class ArticleRow(Base):
    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(String(1024), default="")
    date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    source: Mapped[str] = mapped_column(String(1024), default="")
    url: Mapped[str] = mapped_column(String(2048), default="")
    external_id: Mapped[str] = mapped_column(String(512), default="")
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AnnotatorRow(Base):
    __tablename__ = "annotators"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME), unique=True)
    # Tells apart two people who chose the same name on different laptops.
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class SuggestionRow(Base):
    __tablename__ = "suggestions"
    __table_args__ = (
        CheckConstraint('start >= 0 AND start < "end"', name="offsets"),
        Index("ix_suggestions_article", "article_id", "suggester"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(LABEL))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    attrs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    score: Mapped[float] = mapped_column(Float, default=1.0)
    suggester: Mapped[str] = mapped_column(String(NAME))
    suggester_version: Mapped[str] = mapped_column(String(VERSION))
    pipeline: Mapped[str] = mapped_column(String(NAME), default="")
    pipeline_version: Mapped[str] = mapped_column(String(VERSION), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class SuggestedRelationRow(Base):
    __tablename__ = "suggested_relations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(LABEL))
    head_id: Mapped[int] = mapped_column(ForeignKey("suggestions.id", ondelete="CASCADE"))
    child_id: Mapped[int] = mapped_column(ForeignKey("suggestions.id", ondelete="CASCADE"))
    score: Mapped[float] = mapped_column(Float, default=1.0)


class AnnotationRow(Base):
    __tablename__ = "annotations"
    __table_args__ = (
        UniqueConstraint("article_id", "annotator_id", "label", "start", "end"),
        CheckConstraint('start >= 0 AND start < "end"', name="offsets"),
        Index("ix_annotations_article_annotator", "article_id", "annotator_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotators.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(LABEL))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    attrs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default=AnnotationStatus.ACCEPTED.value)
    # Kept when the suggestion is later replaced by a newer suggester.
    suggestion_id: Mapped[int | None] = mapped_column(
        ForeignKey("suggestions.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class RelationRow(Base):
    __tablename__ = "relations"
    __table_args__ = (UniqueConstraint("annotator_id", "label", "head_id", "child_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotators.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(LABEL))
    head_id: Mapped[int] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"))
    child_id: Mapped[int] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class RejectedRelationRow(Base):
    """A relation the adjudicator rejected (gold's decision that it is not there).

    Its ends are given by place (``[start, end, label, attrs]``), not by row: a
    rejected relation may join spans gold has not accepted.
    """

    __tablename__ = "rejected_relations"
    __table_args__ = (UniqueConstraint("article_id", "annotator_id", "key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotators.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(LABEL))
    head: Mapped[list[Any]] = mapped_column(JSON)
    child: Mapped[list[Any]] = mapped_column(JSON)
    key: Mapped[str] = mapped_column(Text)  # canonical JSON of (label, head, child): one row each
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ArticleStatusRow(Base):
    """An annotator's status on an article; no row means 'todo'."""

    __tablename__ = "article_status"
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    annotator_id: Mapped[int] = mapped_column(
        ForeignKey("annotators.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SuggestionRunRow(Base):
    """That a suggester (at a version) has run on an article, even if it found nothing."""

    __tablename__ = "suggestion_runs"
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    suggester: Mapped[str] = mapped_column(String(NAME), primary_key=True)
    suggester_version: Mapped[str] = mapped_column(String(VERSION))
    pipeline: Mapped[str] = mapped_column(String(NAME), default="")
    pipeline_version: Mapped[str] = mapped_column(String(VERSION), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ArticleTokensRow(Base):
    """An article's own tokens, as a Prodigy import brought them (Prodigy's ``tokens``
    list as JSON, checked against the text), written back unchanged by the JSONL export."""

    __tablename__ = "article_tokens"
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    tokens: Mapped[str] = mapped_column(Text)
