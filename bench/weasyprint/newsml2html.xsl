<?xml version="1.0" encoding="UTF-8"?>
<!-- The alternative a newsroom has without newsprint, for the benchmark:
     xsltproc turns NewsML-G2 items into one HTML e-paper, WeasyPrint sets it
     (bench/weasyprint/epaper.css: three justified, hyphenated columns).
     Input: <files><f href="ITEM.xml"/>...</files>; each item is read with
     document().  Headline, byline, dateline and the body's paragraphs of
     NITF, XHTML or plain-text content; no pictures, no jumps. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:g2="http://iptc.org/std/nar/2006-10-01/"
    xmlns:nitf="http://iptc.org/std/NITF/2006-10-18/"
    xmlns:h="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="g2 nitf h">
  <xsl:output method="html" encoding="UTF-8"/>

  <xsl:template match="/files">
    <html>
      <head>
        <meta charset="utf-8"/>
        <title>The Newsprint Daily</title>
        <link rel="stylesheet" href="epaper.css"/>
      </head>
      <body>
        <header class="masthead"><h1>The Newsprint Daily</h1></header>
        <main>
          <xsl:for-each select="f">
            <xsl:apply-templates select="document(@href)/g2:newsItem | document(@href)/g2:newsMessage/g2:itemSet/g2:newsItem"/>
          </xsl:for-each>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="g2:newsItem">
    <xsl:variable name="cm" select="g2:contentMeta"/>
    <article lang="{$cm/g2:language/@tag}">
      <h2><xsl:value-of select="$cm/g2:headline[1]"/></h2>
      <xsl:if test="$cm/g2:by">
        <p class="byline"><xsl:value-of select="$cm/g2:by"/></p>
      </xsl:if>
      <xsl:if test="$cm/g2:dateline">
        <p class="dateline"><xsl:value-of select="$cm/g2:dateline"/></p>
      </xsl:if>
      <xsl:apply-templates select="g2:contentSet/*[1]"/>
    </article>
  </xsl:template>

  <xsl:template match="g2:inlineXML">
    <xsl:for-each select=".//nitf:body.content/nitf:p | .//h:body//h:p">
      <p><xsl:value-of select="."/></p>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="g2:inlineData">
    <pre class="wire"><xsl:value-of select="."/></pre>
  </xsl:template>
</xsl:stylesheet>
