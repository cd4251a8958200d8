// The page's own behaviour: tooltips as DOM text, search, filter by kind, click to undocs.org.
// Runs inside pyvis's script right after drawGraph(), which leaves `nodes`, `edges` and
// `network` global. The config placeholder below is replaced by JSON that cannot
// close the script.
(function () {
  "use strict";
  var config = KG_CONFIG;
  var root = document.body;

  // Tooltips travel as the `tip` field and become text nodes, never HTML, when the pointer
  // first rests on their node or edge: vis-network shows a title a moment (tooltipDelay)
  // after the hover event. Made for every node and edge as the page opened, they held up the
  // drawing: the citations of 5,000 documents (81,357 edges) were drawn in 16-20 s, now 8-10.
  function tipElement(text) {
    var element = document.createElement("div");
    element.className = "kg-tip";
    element.textContent = text;
    return element;
  }

  function attachTip(dataSet, id) {
    var item = dataSet.get(id, {fields: ["id", "tip", "title"]});
    if (item && item.tip && !item.title) {
      dataSet.update({id: id, title: tipElement(item.tip)});
    }
  }

  function markReady() {
    root.setAttribute("data-kg-ready", "true");
  }

  // Ready once a frame has been drawn with the final positions.
  function whenDrawn() {
    network.once("afterDrawing", markReady);
    network.redraw();
  }

  var byLabel = new Map();
  var choices = document.getElementById("kg-choices");
  var options = document.createDocumentFragment();
  nodes.get({fields: ["id", "label"]}).forEach(function (node) {
    var key = String(node.label).toLowerCase();
    if (byLabel.has(key)) { return; }
    byLabel.set(key, node.id);
    var option = document.createElement("option");
    option.value = node.label;
    options.appendChild(option);
  });
  choices.appendChild(options);

  function findNode(text) {
    var key = text.trim().toLowerCase();
    if (!key) { return null; }
    if (byLabel.has(key)) { return byLabel.get(key); }
    var found = nodes.getIds({filter: function (node) {
      return !node.hidden && String(node.label).toLowerCase().indexOf(key) !== -1;
    }});
    return found.length ? found[0] : null;
  }

  function showNode(id) {
    network.selectNodes([id]);
    network.focus(id, {scale: 1.2, animation: false});
  }

  var input = document.getElementById("kg-search");
  var status = document.getElementById("kg-status");
  document.getElementById("kg-search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var id = findNode(input.value);
    status.textContent = id === null ? "Nothing matches " + input.value : "";
    if (id !== null) { showNode(id); }
  });
  input.addEventListener("input", function () {
    var key = input.value.trim().toLowerCase();
    if (byLabel.has(key)) { status.textContent = ""; showNode(byLabel.get(key)); }
  });

  var boxes = Array.prototype.slice.call(document.querySelectorAll("#kg-legend input[type=checkbox]"));
  function applyFilter() {
    var shown = new Set();
    boxes.forEach(function (box) { if (box.checked) { shown.add(box.value); } });
    nodes.update(nodes.get({fields: ["id", "kind"]}).map(function (node) {
      return {id: node.id, hidden: !shown.has(node.kind)};
    }));
  }
  boxes.forEach(function (box) { box.addEventListener("change", applyFilter); });

  network.on("click", function (params) {
    if (params.nodes.length !== 1) { return; }
    var node = nodes.get(params.nodes[0]);
    if (node && node.link) {
      window.open(config.link + encodeURI(node.link), "_blank", "noopener");
    }
  });

  network.on("hoverNode", function (params) { attachTip(nodes, params.node); });
  network.on("hoverEdge", function (params) { attachTip(edges, params.edge); });
  if (config.physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});
      whenDrawn();
    });
  } else {
    whenDrawn();
  }
}());
