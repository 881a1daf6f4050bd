// Type-ahead for "Find an organisation" on the Log a contact form. Progressive enhancement: without
// JavaScript the Find button and "Add selected organisations" do the same job in two steps.
const input = document.querySelector("[data-organisation-suggest]");

if (input) {
  const list = document.createElement("ul");
  list.className = "govuk-list app-suggestions";
  list.id = "organisation-suggestions";
  const status = document.createElement("p");
  status.className = "govuk-visually-hidden";
  status.setAttribute("aria-live", "polite");
  input.parentElement.append(status, list);

  let timer;
  let latest = 0;

  const choose = (organisation) => {
    const form = input.form;
    for (const [name, value] of [["organisation_ids", organisation.id], ["add_organisations", "1"]]) {
      const hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = name;
      hidden.value = String(value);
      form.append(hidden);
    }
    form.action = `${window.location.pathname}${window.location.search}#organisations`;
    form.requestSubmit();
  };

  const show = (organisations) => {
    list.replaceChildren(
      ...organisations.map((organisation) => {
        const item = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.className = "govuk-button govuk-button--secondary govuk-!-margin-bottom-1";
        button.textContent = `Add ${organisation.name} (${organisation.sector})`;
        button.addEventListener("click", () => choose(organisation));
        item.append(button);
        return item;
      }),
    );
    status.textContent = organisations.length
      ? `${organisations.length} matching organisations below the search box`
      : "No matching organisations";
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const query = input.value.trim();
    if (query.length < 2) {
      list.replaceChildren();
      return;
    }
    timer = setTimeout(async () => {
      const request = ++latest;
      const url = `${input.dataset.organisationSuggest}?q=${encodeURIComponent(query)}`;
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.ok && request === latest) show(await response.json());
    }, 250);
  });
}
