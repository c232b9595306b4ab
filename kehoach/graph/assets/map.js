// kehoach map: bounded stabilization, then physics off so the layout stays still; timings for tests and users.
window.kehoachMap = { nodes: 0, edges: 0, iterations: 0, stabilizedMs: null, physicsOff: false };
function kehoachAfterDraw(network, t0) {
  var state = window.kehoachMap;
  state.nodes = network.body.data.nodes.length;
  state.edges = network.body.data.edges.length;
  network.on("stabilizationProgress", function (p) { state.iterations = p.iterations; });
  network.once("stabilizationIterationsDone", function () {
    state.stabilizedMs = performance.now() - t0;
    network.setOptions({ physics: false });
    state.physicsOff = true;
    var status = document.getElementById("kehoach-status");
    if (status) { status.textContent = "layout settled in " + (state.stabilizedMs / 1000).toFixed(1) + " s"; }
  });
}
