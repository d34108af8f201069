// Draw the page's Vega-Lite chart with vega-embed under the strict Content Security Policy:
// no eval (the expression interpreter instead of generated code) and no injected <style> elements.
import { expressionInterpreter } from 'vega-interpreter'

const holder = document.querySelector('[data-vega-chart]')
const source = holder && document.getElementById(holder.dataset.vegaChart)

if (holder && source && window.vegaEmbed) {
  const spec = JSON.parse(source.textContent)
  window.vegaEmbed(holder, spec, {
    ast: true,
    expr: expressionInterpreter,
    actions: false,
    defaultStyle: false,
    renderer: 'svg',
    tooltip: { disableDefaultStyle: true }
  }).then(() => {
    holder.dataset.chartReady = 'true'
  }).catch((error) => {
    holder.dataset.chartError = String(error)
    holder.textContent = 'The chart could not be drawn. The table below has the same data.'
  })
}
