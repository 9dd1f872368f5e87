"""A parent's conversation in the widget, keyboard only, through the real servers (conversation.mjs)."""
from __future__ import annotations

from typing import Any, Dict

import pytest

from tests.browser.helpers import ok, user_texts
from tests.support.servers import Servers

pytestmark = [pytest.mark.servers, pytest.mark.browser]


@pytest.fixture(scope="module")
def chat(browser) -> Dict[str, Any]:
    return ok(browser("conversation.mjs"))


def test_the_launcher_is_a_button_named_as_a_chat_and_opens_at_the_input(chat: Dict[str, Any]) -> None:
    assert chat["launcherRole"] == "BUTTON"
    assert chat["launcherName"] == "Open chat: Ask about SEN support"
    assert chat["focusAfterOpen"] == "input"
    assert chat["expandedAfterOpen"] == "true"
    assert chat["greeting"][0]["who"] == "bot" and chat["greeting"][0]["text"].startswith("Hello.")


def test_tab_goes_input_send_quick_replies_then_controls(chat: Dict[str, Any]) -> None:
    order = chat["tabOrder"]
    assert order[:2] == ["input", "button:Send"]
    replies = [f for f in order if f.startswith("reply:")]
    assert replies == order[2:2 + len(replies)] and len(replies) == 4
    assert order[2 + len(replies):] == [
        "a:Privacy notice (opens in new tab)", "button:Start again", "button:Delete this conversation",
    ]


def test_escape_closes_and_returns_focus_to_the_launcher(chat: Dict[str, Any]) -> None:
    assert chat["focusAfterEscape"] == "launcher"
    assert chat["panelHiddenAfterEscape"] is True
    assert chat["focusAfterReopen"] == "input"


def test_a_typed_question_gets_the_answer_with_its_source(chat: Dict[str, Any]) -> None:
    messages = chat["afterQuestion"]
    assert messages[-2] == {"who": "user", "said": "You said: ", "text": "what is sen support"}
    assert messages[-1]["who"] == "bot" and messages[-1]["said"] == "Assistant said: "
    assert "SEN support is" in messages[-1]["text"]
    assert chat["sourceNotes"] and chat["sourceNotes"][-1].startswith("Source: ")
    assert chat["focusAfterSend"] == "input"
    assert chat["logAttributes"] == {"role": "log", "live": "polite"}


def test_the_typing_indicator_is_announced_once_per_wait(chat: Dict[str, Any]) -> None:
    assert chat["typingAnnouncements"] == ["The assistant is typing…"]


def test_feedback_is_a_labelled_group_and_is_stored_in_the_tracker(chat: Dict[str, Any], servers: Servers) -> None:
    assert chat["feedbackGroup"] == {"role": "group", "label": "Was this helpful?", "hidden": False}
    assert chat["feedbackPressed"] == {"yes": "true", "no": "false"}
    assert chat["feedbackStatus"] == "Thank you for your feedback."
    tracker = servers.tracker(chat["feedbackSender"])
    expected = {"helpful": True, "answer_index": chat["feedbackAnswerIndex"]}
    assert tracker["slots"]["answer_feedback"] == expected
    assert "what is sen support" in user_texts(tracker["events"]), "feedback went to the parent's own conversation"
    assert not any("feedback" in (text or "") for text in user_texts(tracker["events"])), "not sent through the NLU"


def test_a_quick_reply_shows_its_title_and_sends_its_payload(chat: Dict[str, Any], servers: Servers) -> None:
    title = chat["quickReplyChosen"]
    messages = chat["afterQuickReply"]
    assert messages[-2] == {"who": "user", "said": "You said: ", "text": title}
    assert messages[-1]["who"] == "bot"
    assert chat["focusAfterQuickReply"] == "input"
    events = servers.tracker(chat["feedbackSender"])["events"]
    assert user_texts(events)[-1].startswith("/"), "the button's payload is what the assistant receives"


def test_a_reload_in_the_same_tab_keeps_the_conversation(chat: Dict[str, Any]) -> None:
    assert chat["afterReload"]["transcript"] == chat["afterQuickReply"]
    assert chat["afterReload"]["sameSender"] is True
    assert chat["afterReload"]["panelVisible"] is True
    assert chat["storage"]["keys"] == ["senchat:exampleshire"]
    assert chat["storage"]["localStorageKeys"] == [], "nothing is kept beyond the tab"


def test_start_again_forgets_the_conversation_on_the_page(chat: Dict[str, Any]) -> None:
    restarted = chat["startAgain"]
    assert restarted["newSender"] != restarted["oldSender"]
    assert restarted["storageMentionsOld"] is False
    assert [m["who"] for m in restarted["transcript"]] == ["notice", "bot"]
    assert restarted["transcript"][1]["text"].startswith("Hello.")
    assert restarted["focus"] == "input"


def test_delete_erases_the_conversation_in_the_assistant_too(chat: Dict[str, Any], servers: Servers) -> None:
    deleted = chat["deleted"]
    assert deleted["status"] == 204
    assert deleted["newSender"] != deleted["sender"]
    assert deleted["storageMentionsOld"] is False
    assert [m["who"] for m in deleted["transcript"]] == ["notice"]
    assert "has been deleted" in deleted["transcript"][0]["text"]
    assert user_texts(servers.tracker(deleted["sender"])["events"]) == [], "no message of it is left in Rasa"


def test_quick_exit_leaves_at_once_without_a_way_back_and_clears_the_tab(chat: Dict[str, Any]) -> None:
    exit_ = chat["quickExit"]
    assert exit_["url"] == "https://www.bbc.co.uk/weather"
    assert exit_["historyAfter"] == exit_["historyBefore"], "location.replace: Back does not return"
    assert exit_["storageAfter"]["state"]["entries"] == []
    assert exit_["storageAfter"]["state"]["sender"] not in (chat["deleted"]["newSender"], chat["deleted"]["sender"])


def test_nothing_went_wrong_in_the_page(chat: Dict[str, Any]) -> None:
    assert chat["problems"] == []
