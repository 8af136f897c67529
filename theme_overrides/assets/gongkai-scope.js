/* Material 9.8.1 partials/javascripts/base.html, moved out of the page for the CSP; the scope comes
   from the script element's data-scope instead of being written into the code. */
__md_scope=new URL(document.currentScript.dataset.scope,location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
/* 公开栏: said before the body is drawn, so that what the scripts will show takes its place at once
   (the filters of /proposals/, the room for search results) instead of pushing the page down. */
document.documentElement.classList.add("gk-js");
/* 长者模式 (大字), chosen on an earlier page or visit: before the body is drawn, so that no page
   is first drawn small and then jumps. */
try { if (localStorage.getItem("gk-elder") === "1") document.documentElement.classList.add("gk-elder"); } catch (e) {}
