// Execution plan page: hovering or focusing a target shows the plan that invoking it would run.
// Only classes and text change here; the drawing itself is complete without this script.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('plan-data').textContent);
  var targets = new Map(data.targets.map(function (t) { return [t.name, t]; }));
  var graph = document.querySelector('svg.plan-graph');
  var nodes = Array.prototype.slice.call(graph.querySelectorAll('g.node'));
  var edges = Array.prototype.slice.call(graph.querySelectorAll('path.edge'));
  var panel = {
    heading: document.getElementById('panel-heading'),
    target: document.getElementById('panel-target'),
    description: document.getElementById('panel-description'),
    summary: document.getElementById('panel-summary'),
    plan: document.getElementById('panel-plan')
  };
  var defaultTarget = data.defaultTarget === null ? null : targets.get(data.defaultTarget);

  function plural(count) { return count + (count === 1 ? ' target' : ' targets'); }

  function mark(plan, focusName) {
    var steps = new Map(plan.map(function (name, i) { return [name, i + 1]; }));
    nodes.forEach(function (node) {
      var name = node.dataset.target;
      var step = steps.get(name);
      node.classList.toggle('in-plan', step !== undefined);
      node.classList.toggle('focus-target', name === focusName);
      node.querySelector('.step-number').textContent = step === undefined ? '' : String(step);
    });
    edges.forEach(function (edge) {
      edge.classList.toggle('in-plan', steps.has(edge.dataset.from) && steps.has(edge.dataset.to));
    });
  }

  function describe(heading, target, summary) {
    panel.heading.textContent = heading;
    panel.target.textContent = target ? target.name : '';
    panel.description.textContent = target ? target.description : '';
    panel.summary.textContent = summary;
    while (panel.plan.firstChild) panel.plan.removeChild(panel.plan.firstChild);
    (target ? target.plan : []).forEach(function (name) {
      var item = document.createElement('li');
      item.textContent = name;
      if (name === target.name) item.className = 'self';
      panel.plan.appendChild(item);
    });
  }

  function show(name) {
    var target = targets.get(name);
    if (!target) return;
    graph.classList.add('focused');
    mark(target.plan, name);
    describe(target.unlisted ? 'If invoked (unlisted target)' : 'If invoked', target,
      'Invoking ' + name + ' runs ' + plural(target.plan.length) + ', in this order:');
  }

  // Back to the resting view: the focused target if there is one, else the default plan.
  function rest() {
    var focused = document.activeElement;
    if (focused && focused.classList && focused.classList.contains('node') && graph.contains(focused)) {
      show(focused.dataset.target);
      return;
    }
    graph.classList.remove('focused');
    if (defaultTarget) {
      mark(defaultTarget.plan, null);
      describe('Default plan', defaultTarget,
        'Running with no target runs ' + plural(defaultTarget.plan.length) + ', in this order:');
    } else {
      mark([], null);
      describe('No default target', null, 'Running with no target runs nothing. Hover over a target to see its plan.');
    }
  }

  // The stylesheet shrinks a drawing wider than its frame so it can be taken in at once; one that would
  // become too small to read is shown at its real size and scrolls instead.
  var scroller = graph.parentNode;
  function fit() {
    var scale = (scroller.clientWidth - 2) / graph.viewBox.baseVal.width;
    scroller.classList.toggle('actual-size', scale < 0.6);
  }

  nodes.forEach(function (node) {
    node.addEventListener('mouseenter', function () { show(node.dataset.target); });
    node.addEventListener('mouseleave', rest);
    node.addEventListener('focus', function () { show(node.dataset.target); });
    node.addEventListener('blur', function () { setTimeout(rest, 0); });
    node.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') node.blur();
    });
  });
  window.addEventListener('resize', fit);
  fit();
  rest();
})();
