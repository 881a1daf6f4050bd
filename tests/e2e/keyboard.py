"""Driving a page with the keyboard alone: Tab (and Shift+Tab), Enter, Space and typing.

Nothing here clicks or calls focus(): a control is reached by pressing Tab until it has focus, the
way a keyboard user reaches it, so a control Tab never reaches fails the journey.
"""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Locator, Page

# How a focused element is told apart from the others, the same way for both lists compared.
DESCRIBE = """(element) => {
  if (!element || element === document.body) return "(page)";
  const parts = [element.tagName.toLowerCase()];
  if (element.id) parts.push(`#${element.id}`);
  if (element.name) parts.push(`[name=${element.name}]`);
  if (["radio", "checkbox", "submit"].includes(element.type) || element.tagName === "BUTTON") {
    parts.push(`[value=${element.value}]`);
  }
  if (["A", "BUTTON", "SUMMARY"].includes(element.tagName)) parts.push(` "${element.textContent.trim()}"`);
  return parts.join("");
}"""

# The controls of a form that Tab should reach, in document order: visible, enabled, not taken out
# of the tab order; a group of radios is one stop (its checked radio, else its first).
FOCUSABLE_CONTROLS = (
    """(form) => {
  const describe = """
    + DESCRIBE
    + """;
  const selector = "a[href], button, input, select, textarea, summary, [tabindex]";
  const seenGroups = new Set();
  const stops = [];
  for (const element of form.querySelectorAll(selector)) {
    if (element.type === "hidden" || element.disabled) continue;
    if (element.getAttribute("tabindex") === "-1") continue;
    if (!element.checkVisibility({ visibilityProperty: true })) continue;
    // Inside a closed <details> only its summary can be reached.
    const details = element.closest("details:not([open])");
    if (details && element !== details.querySelector("summary")) continue;
    if (element.type === "radio") {
      if (seenGroups.has(element.name)) continue;
      seenGroups.add(element.name);
      const group = [...form.querySelectorAll(`input[type=radio][name="${CSS.escape(element.name)}"]`)];
      stops.push(describe(group.find((radio) => radio.checked) || group[0]));
      continue;
    }
    stops.push(describe(element));
  }
  return stops;
}"""
)


@dataclass
class Keyboard:
    page: Page
    max_presses: int = 250

    def focused(self) -> str:
        return self.page.evaluate(f"({DESCRIBE})(document.activeElement)")

    def has_focus(self, target: Locator) -> bool:
        return bool(target.evaluate("(element) => element === document.activeElement"))

    def tab_to(self, target: Locator, *, backwards: bool = False) -> None:
        """Press Tab (Shift+Tab backwards) until target has focus; fail when it never does."""
        key = "Shift+Tab" if backwards else "Tab"
        visited = []
        for _ in range(self.max_presses):
            if self.has_focus(target):
                return
            self.page.keyboard.press(key)
            visited.append(self.focused())
        raise AssertionError(f"{key} never reached {target}; it went through:\n" + "\n".join(visited))

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)

    def press_and_wait(self, key: str) -> None:
        """Press a key that leads to another page (Enter on a link or button) and wait for it."""
        with self.page.expect_navigation():
            self.page.keyboard.press(key)

    def focus_order(self, container: Locator) -> tuple[list[str], list[str]]:
        """(stops Tab makes inside container, controls it should stop at), both in order.

        Tabs to the container's first control, then on until focus leaves it.
        """
        expected: list[str] = container.evaluate(FOCUSABLE_CONTROLS)
        assert expected, "the container has no controls"
        for _ in range(self.max_presses):
            if self.focused() == expected[0]:
                break
            self.page.keyboard.press("Tab")
        else:
            raise AssertionError(f"Tab never reached the first control, {expected[0]}")
        inside = "(element) => element.contains(document.activeElement)"
        stops: list[str] = []
        while container.evaluate(inside) and len(stops) <= len(expected) + 10:
            stops.append(self.focused())
            self.page.keyboard.press("Tab")
        return stops, expected
