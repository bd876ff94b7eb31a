"""评查 page (一案一查): choose a case (from the latest sample, or type its number) and the
reviewer, start — or go on with — that reviewer's review, answer the checklist (score and
grade live), submit. 背靠背: a second reviewer gets a blank copy of the checklist and never sees
the first reviewer's answers; once both submitted, the disagreements and the consensus form.

Beside the checklist: the sample with each case's state per reviewer (ui/review/review_progress.py)
and the case's own data and findings. The score reads 未评 until an item is answered. The
reviewer is asked once (never taken from the computer's login name) and kept for the session;
提交评查 asks once, saying the checklist cannot be changed afterwards."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.campaigns import active_campaign, get_campaign
from app.errors import UserError
from app.review import start_review, submit_review, view_reviews
from app.review.checklist import DEFAULT_GRADE_BANDS
from app.review.progress import case_overview, review_progress
from app.review.scoring import Score
from app.sampling import list_samples
from app.store import Store
from ui.common.events import Events, follow
from ui.common.messages import confirm, show_user_error
from ui.review.review_checklist import ChecklistTable
from ui.review.review_consensus import ConsensusPanel
from ui.review.review_progress import CasePanel, ProgressTable

FAIL_STYLE = "color:#b71c1c; font-weight:bold;"
NONE_STYLE = "color:#616161; font-weight:bold;"
SUBMIT_WARNING = "提交后这份评查表不能再修改（评定、扣分、说明都不能再改），评查发现的问题列入问题线索。"
OK_STYLE = "color:#1b5e20; font-weight:bold;"


def default_bands() -> list[list[Any]]:
    import json

    return json.loads(DEFAULT_GRADE_BANDS)


class ReviewPage(QWidget):
    """Announces "review" after a review is started, submitted or agreed; follows the latest sample."""

    def __init__(self, store: Store, parent: QWidget | None = None, operator: str = "",
                 events: Events | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_review")
        self.store = store
        self.operator = operator
        self.events = events if events is not None else Events(self)
        self.review: dict[str, Any] | None = None

        self.case_box = QComboBox()
        self.case_box.setObjectName("caseBox")
        self.case_box.setEditable(True)
        self.case_box.setMinimumContentsLength(22)
        case_edit = self.case_box.lineEdit()
        assert case_edit is not None  # an editable combo box has one
        case_edit.setPlaceholderText("案号，如 沈水罚字〔2019〕第5号")
        self.reviewer = QLineEdit()  # asked once (ask_reviewer), never the computer's login name
        self.reviewer.setObjectName("reviewer")
        self.reviewer.setPlaceholderText("评查人姓名")
        self.reviewer.setMaximumWidth(160)
        self.blind = QCheckBox("背靠背评查")
        self.blind.setObjectName("blind")
        self.blind.setToolTip("两名评查人分别评查同一案卷，互不可见，双方提交后合议")
        self.start_button = QPushButton("开始 / 继续评查")
        self.start_button.setObjectName("startReview")
        self.start_button.clicked.connect(self.start)
        self.sample_label = QLabel()
        self.sample_label.setObjectName("sampleLabel")
        self.sample_label.setStyleSheet("color:#616161;")
        self.header = QLabel("选择案卷、填写评查人后点「开始 / 继续评查」。")
        self.header.setObjectName("reviewHeader")
        self.header.setWordWrap(True)
        self.score_label = QLabel()
        self.score_label.setObjectName("scoreLabel")
        self.checklist = ChecklistTable(store, self, operator=operator)
        self.checklist.scoreChanged.connect(self._show_score)
        self.rest_ok = QCheckBox("未评项按「无问题」计")
        self.submit_button = QPushButton("提交评查")
        self.submit_button.setObjectName("submitReview")
        self.submit_button.clicked.connect(self.submit)
        self.others = QLabel()
        self.others.setObjectName("others")
        self.others.setWordWrap(True)
        self.consensus = ConsensusPanel(store, self, operator=operator)
        self.consensus.recorded.connect(lambda _r: self._agreed())
        self.progress = ProgressTable(self)
        self.progress.caseChosen.connect(self.choose_case)
        self.case_panel = CasePanel(self)
        self._layout()
        self.refresh()
        self._update_state()
        follow(self.events, self, ("sample", "review", "findings", "cases"), self.refresh)

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("案卷"))
        top.addWidget(self.case_box, 2)
        top.addWidget(QLabel("评查人"))
        top.addWidget(self.reviewer)
        top.addWidget(self.blind)
        top.addWidget(self.start_button)
        top.addStretch(1)
        head = QHBoxLayout()
        head.addWidget(self.header, 1)
        head.addWidget(self.score_label)
        bottom = QHBoxLayout()
        bottom.addWidget(self.rest_ok)
        bottom.addStretch(1)
        bottom.addWidget(self.submit_button)
        self.others.setStyleSheet("color:#424242;")
        middle = QWidget()
        mid = QVBoxLayout(middle)
        mid.setContentsMargins(0, 0, 0, 0)
        mid.addLayout(head)
        mid.addWidget(self.checklist, 1)
        mid.addLayout(bottom)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.progress)
        splitter.addWidget(middle)
        splitter.addWidget(self.case_panel)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([400, 560, 300])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.sample_label)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.others)
        layout.addWidget(self.consensus)

    def refresh(self) -> None:
        """The latest sample's cases in the case box (typing any case number works too)."""
        text = self.case_box.currentText()
        samples = list_samples(self.store)
        self.case_box.blockSignals(True)
        self.case_box.clear()
        self.progress.load(review_progress(self.store, list(samples[0]["sample"])) if samples else [])
        if samples:
            latest = samples[0]
            self.case_box.addItems(latest["sample"])
            self.sample_label.setText(f"案卷列表来自最近一次抽查（第 {latest['id']} 号，随机种子 {latest['seed']}，"
                                      f"{len(latest['sample'])} 件）；也可直接输入案号。")
        else:
            self.sample_label.setText("尚未抽查：可在「倒查 → 抽查…」中抽取案卷，或直接输入案号。")
        self.case_box.setEditText(text)
        self.case_box.blockSignals(False)
        self.progress.select_case(text.strip())

    def choose_case(self, case_no: str) -> None:
        """A case of the sample chosen: its number in the case box, its record and findings beside."""
        self.case_box.setEditText(case_no)
        self.case_panel.show_case(case_overview(self.store, case_no), case_no)

    def ask_reviewer(self) -> str:
        """The reviewer's name, asked once when none is given (then kept in the field)."""
        name, ok = QInputDialog.getText(self, "评查人", "评查人姓名（记入评查表和操作记录）：")
        name = name.strip() if ok else ""
        if name:
            self.reviewer.setText(name)
        return name

    # --- a review -----------------------------------------------------------------------------
    def start(self) -> dict[str, Any] | None:
        case_no, reviewer = self.case_box.currentText().strip(), self.reviewer.text().strip()
        if not case_no:
            show_user_error(self, UserError("请选择或输入要评查的案号。"))
            return None
        reviewer = reviewer or self.ask_reviewer()
        if not reviewer:
            return None
        try:
            review = start_review(self.store, case_no, reviewer=reviewer, blind=self.blind.isChecked(),
                                  operator=self.operator or reviewer)
        except UserError as exc:
            show_user_error(self, exc)
            return None
        self.show_review(review)
        self.case_panel.show_case(case_overview(self.store, review["case_no"]), review["case_no"])
        self.refresh()
        self.events.announce("review", by=self)
        return review

    def bands_for(self, review: dict[str, Any]) -> list[list[Any]]:
        if review.get("campaign_id") is not None:
            return list(get_campaign(self.store, review["campaign_id"])["grade_bands"])
        return default_bands()

    def show_review(self, review: dict[str, Any]) -> None:
        self.review = review
        camp = active_campaign(self.store) if review.get("campaign_id") is not None else None
        kind = "背靠背" if review["blind"] else "单人"
        state = "已提交" if review["status"] == "submitted" else "草稿（每项评定即时保存）"
        where = f"专项活动「{camp['name']}」" if camp and camp["id"] == review["campaign_id"] else "问题分类模板 A"
        self.header.setText(f"<b>{review['case_no']}</b>　评查人 {review['reviewer']}（{kind}，{state}）"
                            f"　评查项：否决项、{where}、自动核查发现")
        self.checklist.load(review, self.bands_for(review))
        if review["status"] == "submitted" and review.get("score") is not None:
            self._show_score(Score(review["score"], review["grade"], review["vetoed"]))
        self._show_others()
        self._update_state()

    def _show_score(self, score: Score) -> None:
        left = self.checklist.unanswered()
        if self.review is not None and self.review["status"] == "draft" and left >= self.checklist.rowCount():
            self.score_label.setText(f"未评（共 {left} 项）")  # no score before anything is scored
            self.score_label.setStyleSheet(NONE_STYLE)
            return
        text = f"得分 {score.score} 分　{score.grade}" + ("（否决项）" if score.vetoed else "")
        if left and self.review is not None and self.review["status"] == "draft":
            text += f"　未评 {left} 项"
        self.score_label.setText(text)
        self.score_label.setStyleSheet(FAIL_STYLE if score.grade == "不合格" else OK_STYLE)

    def _update_state(self) -> None:
        draft = self.review is not None and self.review["status"] == "draft"
        self.submit_button.setEnabled(draft)
        self.rest_ok.setEnabled(draft)

    def submit(self) -> None:
        if self.review is None:
            return
        left = self.checklist.unanswered()
        rest = ("未评的 " + str(left) + " 项将按「无问题」计。") if left and self.rest_ok.isChecked() else ""
        if not (left and not self.rest_ok.isChecked()) and not confirm(
                self, f"提交 {self.review['case_no']} 的评查（评查人 {self.review['reviewer']}）？\n\n{SUBMIT_WARNING}{rest}",
                "提交评查"):
            return
        try:
            review = submit_review(self.store, self.review["id"], rest="ok" if self.rest_ok.isChecked() else None,
                                   operator=self.operator or self.review["reviewer"])
        except UserError as exc:
            show_user_error(self, exc)
            return
        review["items"] = review.get("items") or self.review["items"]
        self.show_review(review)
        self.refresh()
        self.events.announce("review", by=self)

    def _agreed(self) -> None:
        self._show_others()
        self.refresh()
        self.events.announce("review", by=self)

    def _show_others(self) -> None:
        """The other reviews of the case as this reviewer may see them, and the consensus form."""
        if self.review is None:
            return
        try:
            reviews = view_reviews(self.store, self.review["case_no"], viewer=self.review["reviewer"])
        except UserError as exc:
            self.others.setText(exc.message)
            return
        lines = []
        for r in reviews:
            if r["id"] == self.review["id"]:
                continue
            who = "合议结果" if r["kind"] == "consensus" else f"评查人 {r['reviewer']}"
            if r["hidden"]:
                lines.append(f"{who}：背靠背评查，{'已提交' if r['status'] == 'submitted' else '评查中'}"
                             "——内容在双方都提交后才显示。")
            else:
                lines.append(f"{who}：{r['score']} 分，{r['grade']}" + ("（否决项）" if r["vetoed"] else ""))
        self.others.setText("本案其他评查：" + ("；".join(lines) if lines else "无"))
        blind = [r for r in reviews if r["blind"] and r["kind"] == "single"]
        done = next((r for r in reviews if r["kind"] == "consensus"), None)
        if len(blind) >= 2 and all(r["status"] == "submitted" for r in blind) and not done:
            self.consensus.load(self.review["case_no"], [r["reviewer"] for r in blind])
        elif done:
            self.consensus.set_note(f"本案背靠背评查的合议结果已经记录：{done['score']} 分，{done['grade']}。")
        elif len(blind) >= 2:
            self.consensus.set_note("背靠背评查：双方都提交后，在此列出意见不一致的评查项并记录合议结果。")
        else:
            self.consensus.set_note("")
